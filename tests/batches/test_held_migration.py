"""Migration 0003_issue11a_held_letters: a database with letters, batches, accounts and the
directory, made at the previous revision, upgrades without losing anything."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from letters.auth.models import Role
from letters.batches.claims import Selection, create_batch
from letters.extensions import db
from tests.batches.conftest import queue_letters
from tests.conftest import create_user
from tests.migrations import snapshot

PREVIOUS = "0003_issue14_organisations"
THIS = "0003_issue11a_held_letters"
NEW = ("held_reason", "sender_name_cyrillic")
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "letter_events")


def test_upgrade_keeps_every_row(app, directory):
    create_user(app, "vera@example.org", Role.VOLUNTEER)
    with app.app_context():
        queue_letters(3, sender_name="Анна", sender_address="ул. Баумана, 1\n420111 Казань")
        create_batch(db.session, None, Selection(oldest=2))
        queue_letters(1)
        db.session.commit()
        db.session.remove()
        downgrade(revision=PREVIOUS)
        assert not set(NEW) & {c["name"] for c in inspect(db.engine).get_columns("queued_letters")}
        before = snapshot(TABLES, NEW)
        assert all(before[table] for table in TABLES)
        upgrade(revision=THIS)  # later revisions add columns of their own
        after = snapshot(TABLES, NEW)
        assert after == before
        with db.engine.connect() as connection:
            new = connection.execute(text(f"SELECT {', '.join(NEW)} FROM queued_letters")).all()
        assert new == [(None, None)] * 4
