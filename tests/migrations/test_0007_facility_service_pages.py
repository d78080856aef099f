"""Migration 0007_facility_service_pages: a database with letters, batches, accounts and the
directory, made at the previous revision, upgrades without losing anything, and the new table
takes a facility's page."""

from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import inspect, text

from letters.extensions import db
from tests.migrations import downgrade_holding_letters, upgrade_keeping

PREVIOUS = "0003_issue11b_returned_mail"
THIS = "0003_issue11c_service_pages"
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "letter_events")


def test_upgrade_keeps_every_row(app, sample_directory):
    downgrade_holding_letters(app, PREVIOUS)
    with app.app_context():
        assert "facility_service_pages" not in inspect(db.engine).get_table_names()
        upgrade_keeping(TABLES, THIS)
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
