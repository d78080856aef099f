"""Migration 0005_held_letters: a database with letters, batches, accounts and the
directory, made at the previous revision, upgrades without losing anything."""

from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import inspect, text

from letters.extensions import db
from tests.migrations import downgrade_holding_letters, snapshot

PREVIOUS = "0003_issue14_organisations"
THIS = "0003_issue11a_held_letters"
NEW = ("held_reason", "sender_name_cyrillic")
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "letter_events")


def test_upgrade_keeps_every_row(app, sample_directory):
    downgrade_holding_letters(app, PREVIOUS)
    with app.app_context():
        assert not set(NEW) & {c["name"] for c in inspect(db.engine).get_columns("queued_letters")}
        before = snapshot(TABLES, NEW)
        assert all(before[table] for table in TABLES)
        upgrade(revision=THIS)  # later revisions add columns of their own
        after = snapshot(TABLES, NEW)
        assert after == before
        with db.engine.connect() as connection:
            new = connection.execute(text(f"SELECT {', '.join(NEW)} FROM queued_letters")).all()
        assert new == [(None, None)] * 4
