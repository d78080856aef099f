"""Migration 0010_reply_address: a database with accounts, letters and batches made at the
previous revision upgrades without losing anything, and then holds a reply address whose
author's account may be deleted."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from letters.extensions import db
from tests.migrations import downgrade_holding_letters, snapshot

PREVIOUS = "0009_staff_accounts"
THIS = "0010_reply_address"
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "letter_events")


def test_upgrade_keeps_every_row_and_adds_the_reply_address(app, sample_directory):
    downgrade_holding_letters(app, PREVIOUS)
    with app.app_context():
        assert "reply_addresses" not in inspect(db.engine).get_table_names()
        before = snapshot(TABLES)
        assert all(before[table] for table in TABLES)
        upgrade(revision=THIS)
        assert snapshot(TABLES) == before
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
        upgrade()
