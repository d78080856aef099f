"""Migration 0015_translations: a database with accounts, letters, batches and an audit list
made at the previous revision upgrades without losing anything; afterwards a translator's
languages and a letter's translation can be stored, the states are checked, and the audit list
takes a dozen languages' codes."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from letters.extensions import db
from tests.migrations import downgrade_holding_letters, snapshot, upgrade_keeping

PREVIOUS = "0014_replies"
THIS = "0015_translations"
TABLES = (
    "users",
    "facilities",
    "prisoners",
    "queued_letters",
    "batches",
    "letter_events",
    "account_events",
)
NEW_TABLES = {"translator_languages", "translations", "translation_settings"}
DOZEN = "be,bg,cs,de,en,fr,it,kk,pl,sr,uk,es"


def insert_translation(connection, letter_id: int, state: str = "waiting") -> None:
    connection.execute(
        text(
            "INSERT INTO translations (letter_id, language, after, original_text, state, "
            "requested_at) VALUES (:l, 'en', 'post', 'Dear friend, we think of you.', :s, "
            "'2026-12-07 10:00:00')"
        ),
        {"l": letter_id, "s": state},
    )


def test_upgrade_keeps_every_row_and_adds_the_translation_tables(app, sample_directory):
    downgrade_holding_letters(app, PREVIOUS)
    with app.app_context():
        assert not NEW_TABLES & set(inspect(db.engine).get_table_names())
        with db.engine.begin() as connection:
            vera = connection.execute(
                text("SELECT id FROM users WHERE email = 'vera@example.org'")
            ).scalar()
            connection.execute(
                text(
                    "INSERT INTO account_events (at, actor_id, subject_id, action, detail) "
                    "VALUES ('2026-12-06 10:00:00', NULL, :u, 'created', 'volunteer')"
                ),
                {"u": vera},
            )
        upgrade_keeping(TABLES, THIS, new_tables=NEW_TABLES)
        with db.engine.begin() as connection:
            letter = connection.execute(
                text("SELECT id FROM queued_letters WHERE status = 'queued' ORDER BY id")
            ).scalar()
            connection.execute(
                text(
                    "INSERT INTO translator_languages (user_id, language) VALUES "
                    "(:u, 'en'), (:u, 'de')"
                ),
                {"u": vera},
            )
            insert_translation(connection, letter)
            connection.execute(
                text("INSERT INTO translation_settings (id, review_required) VALUES (1, true)")
            )
            connection.execute(
                text(
                    "INSERT INTO account_events (at, actor_id, subject_id, action, detail) "
                    "VALUES ('2026-12-07 10:00:00', NULL, :u, 'languages_set', :d)"
                ),
                {"u": vera, "d": DOZEN},
            )
        # One translation per letter, and only the states the app knows.
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            insert_translation(connection, letter)
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            insert_translation(connection, letter - 1, state="lost")
        with db.engine.connect() as connection:
            assert (
                connection.execute(
                    text("SELECT detail FROM account_events WHERE action = 'languages_set'")
                ).scalar()
                == DOZEN
            )
        # A letter forgotten (deleted) takes its translation with it.
        with db.engine.begin() as connection:
            gone = {"l": letter}
            connection.execute(text("DELETE FROM letter_events WHERE letter_id = :l"), gone)
            connection.execute(text("DELETE FROM queued_letters WHERE id = :l"), gone)
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM translations")).scalar() == 0
        # Down again and up: nothing else lost.
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM account_events WHERE action = 'languages_set'"))
        after = snapshot(TABLES)
        downgrade(revision=PREVIOUS)
        assert not NEW_TABLES & set(inspect(db.engine).get_table_names())
        assert snapshot(TABLES) == after
        upgrade()
        db.session.remove()
