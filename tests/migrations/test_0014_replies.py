"""Migration 0014_replies: a database with accounts, letters and batches made at the previous
revision upgrades without losing anything; its letters gave their own address for replies;
then it holds a reply address (whose author's account may be deleted) and unique reply codes."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from letters.extensions import db
from tests.migrations import downgrade_holding_letters, upgrade_keeping

PREVIOUS = "0013_evenings_and_form_tokens"
THIS = "0014_replies"
ADDED = ("replies", "reply_code", "notify_email")
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "letter_events")


def test_upgrade_keeps_every_row_and_adds_the_reply_address(app, sample_directory):
    downgrade_holding_letters(app, PREVIOUS)
    with app.app_context():
        assert "reply_addresses" not in inspect(db.engine).get_table_names()
        upgrade_keeping(TABLES, THIS, leave_out=ADDED)
        with db.engine.begin() as connection:
            added = connection.execute(
                text("SELECT DISTINCT replies, reply_code, notify_email FROM queued_letters")
            ).all()
            assert [tuple(row) for row in added] == [("own", None, None)]
            connection.execute(
                text("UPDATE queued_letters SET replies = 'organisation', reply_code = :c "
                     "WHERE id = (SELECT min(id) FROM queued_letters)"),
                {"c": "K7QM-4ZPA-H3XT"},
            )  # fmt: skip
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(
                text("UPDATE queued_letters SET reply_code = 'K7QM-4ZPA-H3XT' "
                     "WHERE id = (SELECT max(id) FROM queued_letters)")
            )  # fmt: skip
        with db.engine.begin() as connection:
            vera = connection.execute(
                text("SELECT id FROM users WHERE email = 'vera@example.org'")
            ).scalar()
            connection.execute(
                text(
                    "INSERT INTO reply_addresses (organisation, cyrillic, latin, updated_at, "
                    "updated_by_id) VALUES ('ОВД-Инфо', :c, :l, '2026-12-07 10:00:00', :u)"
                ),
                {"c": "ОВД-Инфо\nа/я 15\n101000 Москва", "l": "OVD-Info\na/ya 15\n101000 Moskva",
                 "u": vera},
            )  # fmt: skip
            connection.execute(text("DELETE FROM letter_events"))
            connection.execute(text("UPDATE batches SET created_by_id = NULL"))
            connection.execute(text("DELETE FROM account_events"))
            connection.execute(text("DELETE FROM users WHERE id = :u"), {"u": vera})
            kept = connection.execute(
                text("SELECT organisation, updated_by_id FROM reply_addresses")
            ).all()
        assert [tuple(row) for row in kept] == [("ОВД-Инфо", None)]
        downgrade(revision=PREVIOUS)
        assert "reply_addresses" not in inspect(db.engine).get_table_names()
        assert not set(ADDED) & {
            c["name"] for c in inspect(db.engine).get_columns("queued_letters")
        }
        upgrade()
