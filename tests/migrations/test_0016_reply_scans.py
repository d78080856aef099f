"""Migration 0016_reply_scans: a database with accounts, letters (one with a reply code), a batch
and a reply address made at the previous revision upgrades without losing anything; afterwards
a reply and its page's slices can be stored, one reply per letter, only the states the app
knows; down again and up keeps the rest."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from letters.extensions import db
from tests.migrations import downgrade_holding_letters, snapshot, upgrade_keeping

PREVIOUS = "0015_translations"
THIS = "0016_reply_scans"
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "reply_addresses")
NEW_TABLES = {"replies", "reply_pages", "reply_page_chunks"}


def insert_reply(connection, letter_id: int | None, state: str = "to_confirm") -> int:
    return connection.execute(
        text(
            "INSERT INTO replies (state, letter_id, received_via, received_at, page_count) "
            "VALUES (:s, :l, 'upload', '2026-12-07 10:00:00', 1) RETURNING id"
        ),
        {"s": state, "l": letter_id},
    ).scalar()


def insert_page(connection, reply_id: int) -> None:
    """A one-page reply's page, with its one slice."""
    page = connection.execute(
        text("INSERT INTO reply_pages (reply_id, number, media_type, width, height, size, "
             "sha256) VALUES (:r, 1, 'image/jpeg', 1200, 1600, 3, :h) RETURNING id"),
        {"r": reply_id, "h": "0" * 64},
    ).scalar()  # fmt: skip
    connection.execute(
        text("INSERT INTO reply_page_chunks (page_id, part, data) VALUES (:p, 0, :d)"),
        {"p": page, "d": b"\xff\xd8\xff"},
    )


def test_upgrade_keeps_every_row_and_adds_the_reply_tables(app, sample_directory):
    downgrade_holding_letters(app, PREVIOUS)
    with app.app_context():
        assert not NEW_TABLES & set(inspect(db.engine).get_table_names())
        with db.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO reply_addresses (organisation, cyrillic, latin, updated_at) "
                     "VALUES ('Письма', 'а/я 15\n101000 Москва', 'a/ia 15\n101000 Moskva', "
                     "'2026-12-07 09:00:00')")
            )  # fmt: skip
            letter = connection.execute(
                text("SELECT min(id) FROM queued_letters WHERE status = 'queued'")
            ).scalar()
            connection.execute(
                text("UPDATE queued_letters SET replies = 'organisation', "
                     "reply_code = 'K7QM-4ZPA-H3XT' WHERE id = :l"),
                {"l": letter},
            )  # fmt: skip
        upgrade_keeping(TABLES, THIS, new_tables=NEW_TABLES)
        with db.engine.begin() as connection:
            reply = insert_reply(connection, letter)
            insert_page(connection, reply)
            insert_reply(connection, None, state="unmatched")
        # One reply per letter, and only the states the app knows.
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            insert_reply(connection, letter)
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            insert_reply(connection, None, state="lost")
        # A reply deleted takes its pages and their slices with it.
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM replies WHERE id = :r"), {"r": reply})
        with db.engine.connect() as connection:
            for table in ("reply_pages", "reply_page_chunks"):
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
        after = snapshot(TABLES)
        downgrade(revision=PREVIOUS)
        assert not NEW_TABLES & set(inspect(db.engine).get_table_names())
        assert snapshot(TABLES) == after
        upgrade()
        db.session.remove()
