"""Migration 0017_replies_per_letter: a database holding letters, a batch, accounts and replies
(one matched with its page, one unmatched) made at the previous revision upgrades without losing
anything; afterwards a letter may have a second reply. Down again, a letter's later replies go
back on the list to resolve with their code, never deleted; up again keeps everything."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from letters.extensions import db
from tests.migrations import downgrade_holding_letters, snapshot, upgrade_keeping
from tests.migrations.test_0016_reply_scans import insert_page, insert_reply

PREVIOUS = "0016_reply_scans"
THIS = "0017_replies_per_letter"
CODE = "K7QM-4ZPA-H3XT"
TABLES = ("users", "facilities", "prisoners", "queued_letters", "batches", "replies", "reply_pages")


def chunks() -> list[tuple]:
    with db.engine.connect() as connection:
        query = text("SELECT page_id, part, data FROM reply_page_chunks ORDER BY page_id, part")
        return [tuple(row) for row in connection.execute(query)]


def test_upgrade_keeps_every_reply_and_lets_a_letter_have_more(app, sample_directory):
    downgrade_holding_letters(app, PREVIOUS)
    with app.app_context():
        with db.engine.begin() as connection:
            letter = connection.execute(
                text("SELECT min(id) FROM queued_letters WHERE status = 'queued'")
            ).scalar()
            connection.execute(
                text("UPDATE queued_letters SET replies = 'organisation', reply_code = :c "
                     "WHERE id = :l"),
                {"c": CODE, "l": letter},
            )  # fmt: skip
            first = insert_reply(connection, letter, state="delivered")
            insert_page(connection, first)
            insert_reply(connection, None, state="unmatched")
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            insert_reply(connection, letter)  # one reply a letter, before
        stored = chunks()
        upgrade_keeping(TABLES, THIS)
        assert chunks() == stored

        with db.engine.begin() as connection:
            second = insert_reply(connection, letter)  # a second answer to the same letter

        downgrade(revision=PREVIOUS)
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, state, letter_id, prisoner_id, code_read FROM replies "
                     "ORDER BY id")
            ).all()  # fmt: skip
        by_id = {row.id: row for row in rows}
        assert len(rows) == 3  # nothing deleted
        assert (by_id[first].state, by_id[first].letter_id) == ("delivered", letter)
        # The later reply waits on the list to resolve, with the code it came with.
        assert tuple(by_id[second])[1:] == ("unmatched", None, None, CODE)
        assert chunks() == stored
        after = snapshot(TABLES)
        upgrade()
        assert snapshot(TABLES) == after
        db.session.remove()
