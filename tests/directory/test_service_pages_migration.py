"""Migration 0003_issue11c_service_pages: a database with letters, batches, accounts and the
directory, made at the previous revision, upgrades without losing anything, and the new table
takes a facility's page."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from letters.auth.models import Role
from letters.batches.claims import Selection, create_batch
from letters.extensions import db
from tests.batches.conftest import queue_letters
from tests.conftest import create_user
from tests.migrations import snapshot

PREVIOUS = "0003_issue11b_returned_mail"
THIS = "0003_issue11c_service_pages"
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "letter_events")


def test_upgrade_keeps_every_row(app, sample_directory):
    create_user(app, "vera@example.org", Role.VOLUNTEER)
    with app.app_context():
        queue_letters(3, sender_name="Анна", sender_address="ул. Баумана, 1\n420111 Казань")
        create_batch(db.session, None, Selection(oldest=2))
        queue_letters(1)
        db.session.commit()
        db.session.remove()
        downgrade(revision=PREVIOUS)
        assert "facility_service_pages" not in inspect(db.engine).get_table_names()
        before = snapshot(TABLES)
        assert all(before[table] for table in TABLES)
        upgrade(revision=THIS)
        assert snapshot(TABLES) == before
        with db.engine.begin() as connection:
            facility_id = connection.execute(text("SELECT MIN(id) FROM facilities")).scalar()
            connection.execute(
                text(
                    "INSERT INTO facility_service_pages (facility_id, service, url, recorded_on) "
                    "VALUES (:f, 'zt', 'https://zt.example/facility', '2026-12-01')"
                ),
                {"f": facility_id},
            )
            # A facility's pages go with it.
            connection.execute(text("UPDATE prisoners SET facility_id = NULL"))
            connection.execute(text("DELETE FROM facility_changes"))
            connection.execute(text("UPDATE queued_letters SET queued_facility_id = NULL"))
            connection.execute(text("DELETE FROM facilities WHERE id = :f"), {"f": facility_id})
            left = connection.execute(text("SELECT COUNT(*) FROM facility_service_pages"))
            assert left.scalar() == 0
        upgrade()
