"""Migration 0013_evenings_and_form_tokens: a database with letters, batches, accounts, the
directory and an evening, made at the previous revision, upgrades without losing anything;
the evening is open and has no place, and the new table takes a form token."""

from __future__ import annotations

from datetime import date

from flask_migrate import upgrade
from sqlalchemy import inspect, text

from letters.evenings.models import Evening, EveningLetter, EveningPrisoner
from letters.extensions import db
from tests.migrations import downgrade_holding_letters, upgrade_keeping

PREVIOUS = "0012_read_on_apart_from_verified"
THIS = "0013_evenings_and_form_tokens"
TABLES = ("users", "prisoners", "queued_letters", "batches", "evenings", "evening_prisoners")


def test_upgrade_keeps_every_row_and_opens_every_evening(app, sample_directory):
    with app.app_context():
        evening = Evening(name="Вечер писем", held_on=date(2026, 12, 10))
        evening.shortlist = [EveningPrisoner(prisoner_id=sample_directory["Миронов"], position=0)]
        db.session.add(evening)
        db.session.commit()
        evening_id = evening.id
    downgrade_holding_letters(app, PREVIOUS)
    with app.app_context():
        with db.engine.begin() as connection:
            letter_id = connection.execute(text("SELECT MAX(id) FROM queued_letters")).scalar()
            connection.execute(
                text("INSERT INTO evening_letters (letter_id, evening_id) VALUES (:l, :e)"),
                {"l": letter_id, "e": evening_id},
            )
        columns = [c["name"] for c in inspect(db.engine).get_columns("evenings")]
        assert "closed_at" not in columns and "place" not in columns
        assert "form_tokens" not in inspect(db.engine).get_table_names()
        upgrade_keeping(TABLES, THIS, leave_out=("place", "closed_at"))
        upgraded = db.session.get(Evening, evening_id)
        assert upgraded.is_open and upgraded.place is None
        assert db.session.get(EveningLetter, letter_id).evening_id == evening_id
        with db.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO form_tokens (token, result, created_at) "
                     "VALUES ('t' || 'x', '1', CURRENT_TIMESTAMP)")
            )  # fmt: skip
            assert connection.execute(text("SELECT result FROM form_tokens")).scalar() == "1"
        db.session.remove()
        upgrade()
