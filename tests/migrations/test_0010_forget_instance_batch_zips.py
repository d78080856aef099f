"""Migration 0010_forget_instance_batch_zips: the zips earlier versions kept in the instance
folder are deleted by the upgrade, once, and the database keeps every row it held."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import upgrade

from letters.extensions import db
from tests.migrations import downgrade_holding_letters, snapshot

PREVIOUS = "0009_staff_accounts"
THIS = "0010_forget_instance_batch_zips"
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "letter_events")


def test_upgrade_deletes_the_old_zips_and_keeps_every_row(app, sample_directory):
    downgrade_holding_letters(app, PREVIOUS)
    legacy = Path(app.instance_path) / "batches"
    legacy.mkdir(parents=True)
    (legacy / "batch-1.zip").write_bytes("Здравствуйте!".encode())
    with app.app_context():
        before = snapshot(TABLES)
        upgrade(revision=THIS)
        assert snapshot(TABLES) == before
        db.session.remove()
    assert not legacy.exists()


def test_starting_the_app_leaves_the_instance_folder_alone(make_app, tmp_path):
    """The clean-up was once run at every start; it is the migration's now."""
    kept = tmp_path / "instance" / "batches"
    kept.mkdir(parents=True)
    make_app()
    assert kept.is_dir()
