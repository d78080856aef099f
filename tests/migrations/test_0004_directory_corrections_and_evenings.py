"""Migration 0004_directory_corrections_and_evenings keeps every row made before it."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from letters.database import MIGRATIONS_DIR
from letters.directory.models import Prisoner
from letters.directory.store import upsert_prisoner
from letters.extensions import db

REVISION = "0003_issue14_organisations"
NOW = "2026-11-01 10:00:00+00:00"

ROWS = [
    "INSERT INTO users (id, email, password_hash, role, active, created_at) "
    f"VALUES (1, 'v@example.org', 'x', 'volunteer', true, '{NOW}')",
    "INSERT INTO facilities (id, kind, name, name_key, region, postcode, services, created_at, "
    "updated_at) VALUES (1, 'sizo', 'ФКУ СИЗО-2 УФСИН России по Волгоградской области', "
    f"'фку сизо-2 уфсин россии по волгоградской области', 'Волгоградская область', '403882', "
    f"'[\"zt\"]', '{NOW}', '{NOW}')",
    "INSERT INTO prisoners (id, surname, first_name, patronymic, dative_name, birth_year, status, "
    "facility_id, address_presumed, verified_on, services, search_key, identity_key, created_at, "
    "updated_at) VALUES (1, 'Миронов', 'Сергей', 'Геннадьевич', 'Миронову Сергею Геннадьевичу', "
    "1981, 'remand', 1, true, '2025-03-01', '[\"zt\"]', 'mironov sergei', "
    f"'миронов сергей геннадьевич|1981', '{NOW}', '{NOW}')",
    "INSERT INTO facility_changes (id, prisoner_id, facility_id, status, changed_on, recorded_at) "
    f"VALUES (1, 1, 1, 'remand', '2025-03-01', '{NOW}')",
    "INSERT INTO batches (id, created_by_id, created_at, status, envelope_format, start_label, "
    f"duplex, progress) VALUES (1, 1, '{NOW}', 'claimed', 'C6', 1, false, 0)",
    "INSERT INTO queued_letters (id, reference, prisoner_id, queued_facility_id, text, "
    "from_abroad, envelope_format, reply_kit, letter_date, status, batch_id, batch_position, "
    "created_at) VALUES "
    "(1, 'ABCD-EFGH', 1, 1, 'Здравствуйте!', false, 'C6', false, '2026-11-01', 'in_batch', 1, 0, "
    f"'{NOW}')",
    f"INSERT INTO letter_events (id, letter_id, batch_id, status, at, user_id) "
    f"VALUES (1, 1, 1, 'in_batch', '{NOW}', 1)",
]


def test_upgrading_keeps_the_directory_the_queue_and_accounts(app):
    previous = ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(REVISION).down_revision
    with app.app_context():
        db.engine.dispose()
        downgrade(revision=previous)
        columns = {c["name"] for c in inspect(db.engine).get_columns("prisoners")}
        assert "hand_edited" not in columns
        assert not inspect(db.engine).has_table("inaccuracy_reports")
        with db.engine.begin() as connection:
            for row in ROWS:
                connection.execute(text(row))
        upgrade()
        counts = {
            table: db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("users", "facilities", "prisoners", "facility_changes", "batches",
                          "queued_letters", "letter_events")
        }  # fmt: skip
        assert set(counts.values()) == {1}, counts
        prisoner = db.session.get(Prisoner, 1)
        assert prisoner.hand_edited == []
        assert prisoner.facility.postcode == "403882"
        assert [c.changed_on.isoformat() for c in prisoner.history] == ["2025-03-01"]
        letter_text = db.session.execute(text("SELECT text FROM queued_letters")).scalar()
        assert letter_text == "Здравствуйте!"
        # The upgraded record takes part in the new rules at once.
        from letters.directory.records import PrisonerRecord

        record = PrisonerRecord(
            surname="Миронов", first_name="Сергей", patronymic="Геннадьевич",
            dative_name="Миронову Сергею Геннадьевичу", birth_year=1981,
            verified_on=prisoner.verified_on.replace(year=2024),
        )  # fmt: skip
        assert upsert_prisoner(db.session, record).outcome.value == "skipped"
