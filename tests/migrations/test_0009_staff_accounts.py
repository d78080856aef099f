"""Migration 0009_staff_accounts: a database with accounts, letters and batches made at the
previous revision upgrades without losing anything; afterwards the translator role, the
set-password links and the audit list work, and the role column refuses unknown roles."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from letters.extensions import db
from tests.migrations import downgrade_holding_letters, snapshot, upgrade_keeping

PREVIOUS = "0008_queued_letters_sender_read"
THIS = "0009_staff_accounts"
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "letter_events")
NEW_TABLES = {"set_password_links", "account_events"}


def test_upgrade_keeps_every_row_and_adds_the_account_tables(app, sample_directory):
    downgrade_holding_letters(app, PREVIOUS)
    with app.app_context():
        assert not NEW_TABLES & set(inspect(db.engine).get_table_names())
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (email, password_hash, role, active, created_at) VALUES "
                    "('coord@example.org', 'pbkdf2:sha256:1$x$y', 'coordinator', false, "
                    "'2026-11-01 10:00:00')"
                )
            )
        before = snapshot(TABLES)
        upgrade_keeping(TABLES, THIS, new_tables=NEW_TABLES)
        with db.engine.begin() as connection:
            vera = connection.execute(
                text("SELECT id FROM users WHERE email = 'vera@example.org'")
            ).scalar()
            connection.execute(
                text(
                    "INSERT INTO users (email, password_hash, role, active, created_at) VALUES "
                    "('tanya@example.org', 'x', 'translator', true, '2026-12-07 10:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO set_password_links (user_id, token_digest, created_at, "
                    "expires_at) VALUES (:u, :d, '2026-12-07 10:00:00', '2026-12-09 10:00:00')"
                ),
                {"u": vera, "d": "0" * 64},
            )
            connection.execute(
                text(
                    "INSERT INTO account_events (at, actor_id, subject_id, action, detail) "
                    "VALUES ('2026-12-07 10:00:00', NULL, :u, 'created', 'volunteer')"
                ),
                {"u": vera},
            )
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (email, password_hash, role, active, created_at) VALUES "
                    "('x@example.org', 'x', 'admin', true, '2026-12-07 10:00:00')"
                )
            )
        # Down again (the translator's account goes with its role) and up: nothing else lost.
        downgrade(revision=PREVIOUS)
        assert snapshot(TABLES) == before
        upgrade()
