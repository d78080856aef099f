"""The instance folder and the SQLite files in it (letters, the job queue, rate-limit counters)
are the owner's alone: made so, and tightened at start when an older version left them open."""

from __future__ import annotations

import logging
import os
import stat

from flask_migrate import upgrade

from letters import create_app
from letters.extensions import db

FILES = ("letters.sqlite3", "letters.sqlite3-wal", "letters.sqlite3-shm", "jobs.sqlite3")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_instance_is_made_for_the_owner_alone(tmp_path):
    old_umask = os.umask(0o022)  # the usual umask, which made 0755 folders and 0644 files
    try:
        instance = tmp_path / "instance"
        app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "k", "DATABASE_URL": None})
        with app.app_context():
            upgrade()
            # Keep a connection open, so that the write-ahead log and its index exist.
            with db.engine.connect() as connection:
                connection.execute(db.text("SELECT COUNT(*) FROM queued_letters"))
                assert _mode(instance) == 0o700
                for name in FILES:
                    assert _mode(instance / name) == 0o600, name
                assert _mode(instance / "ratelimits.sqlite3") == 0o600
            db.engine.dispose()
    finally:
        os.umask(old_umask)


def test_files_left_open_by_an_older_version_are_tightened_at_start(tmp_path, caplog):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    for name in FILES:
        (instance / name).touch()
        (instance / name).chmod(0o644)
    (instance / "letters.sqlite3").write_bytes(b"")  # an empty file is an empty database
    with caplog.at_level(logging.WARNING, logger="letters.config"):
        create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "k", "DATABASE_URL": None})
    assert _mode(instance) == 0o700
    assert {name: _mode(instance / name) for name in FILES} == dict.fromkeys(FILES, 0o600)
    said = caplog.text
    assert f"{instance} was open to other users (755); now 700" in said
    for name in FILES:
        assert f"{instance / name} was open to other users (644); now 600" in said
    # Once tightened, a restart has nothing to say.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="letters.config"):
        create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "k", "DATABASE_URL": None})
    assert "open to other users" not in caplog.text
