"""Replies stored and matched (letters.replies.inbox): by a QR code's or a typed code, confirmed
before the writer sees them, one at a time for a letter, the same pages never twice, never lost
without a letter, their pages kept in slices and forgotten on time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from letters.batches.models import QueuedLetter
from letters.batches.retention import purge
from letters.extensions import db
from letters.replies import inbox
from letters.replies.models import Reply, ReplyPage, ReplyPageChunk, ReplyState
from letters.slices import SLICE_SIZE
from tests.batches.conftest import queue_letters
from tests.security.leftovers import in_database_files, in_tables


@dataclass(frozen=True)
class Page:  # the shape letters.replies.intake gives
    data: bytes
    media_type: str = "image/jpeg"
    width: int = 1200
    height: int = 1600


@dataclass(frozen=True)
class Scan:
    pages: tuple[Page, ...]
    codes: tuple[str, ...] = ()


@pytest.fixture
def letter(app, sample_directory, reply_address):
    with app.app_context():
        (letter_id,) = queue_letters(1, replies="organisation", sender_name="Анна")
        code = db.session.get(QueuedLetter, letter_id).reply_code
    return letter_id, code


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_qr_code_matches_the_letter_which_waits_for_confirmation(app, letter):
    letter_id, code = letter
    with app.app_context():
        received = inbox.receive(db.session, Scan((Page(b"page one"),), codes=("XXXX", code)))
        db.session.commit()
        assert received.outcome == "matched"
        reply = received.reply
        assert (reply.state, reply.letter_id) == (ReplyState.TO_CONFIRM, letter_id)
        assert reply.prisoner_id == db.session.get(QueuedLetter, letter_id).prisoner_id
        assert inbox.delivered_replies(db.session, reply.letter) == []  # not confirmed yet
        inbox.confirm(db.session, reply, None)
        db.session.commit()
        assert inbox.delivered_replies(db.session, reply.letter) == [reply]
        with pytest.raises(inbox.NotWaiting):
            inbox.confirm(db.session, reply, None)


@pytest.mark.parametrize("typing", [str.lower, lambda c: c.replace("-", " "), lambda c: f" {c} "])
def test_a_code_is_found_however_it_was_typed(app, letter, typing):
    letter_id, code = letter
    with app.app_context():
        received = inbox.receive(db.session, Scan((Page(b"p"),)), typed_code=typing(code))
        assert (received.outcome, received.reply.letter_id) == ("matched", letter_id)


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [("K7QM-4ZPA", inbox.NotAReplyCode), ("ЖЖЖЖ-ЖЖЖЖ-ЖЖЖЖ", inbox.NotAReplyCode),
     ("2222-2222-2222", inbox.NoLetterWithCode)],
)  # fmt: skip
def test_a_wrong_code_is_refused_and_nothing_is_stored(app, letter, typed, refusal):
    with app.app_context():
        with pytest.raises(refusal) as refused:
            inbox.receive(db.session, Scan((Page(b"p"),)), typed_code=typed)
        db.session.rollback()
        assert count(Reply) == count(ReplyPage) == 0
        assert typed.split("-")[0] in refused.value.message("en")  # names what was typed
        assert refused.value.message("ru") != refused.value.message("en")


def test_a_letter_takes_a_second_reply_once_the_first_is_confirmed(app, letter):
    _, code = letter
    with app.app_context():
        first = inbox.receive(db.session, Scan((Page(b"first"),), codes=(code,))).reply
        db.session.commit()
        # While the first waits for confirmation, more pages for its code belong with it.
        for attempt in ({"typed_code": code.lower()}, {}):
            with pytest.raises(inbox.ReplyWaiting) as refused:
                inbox.receive(db.session, Scan((Page(b"more"),), codes=(code,)), **attempt)
            db.session.rollback()
            assert code in refused.value.message("en")
            assert refused.value.message("ru") != refused.value.message("en")
        unmatched = inbox.receive(db.session, Scan((Page(b"no code"),))).reply
        with pytest.raises(inbox.ReplyWaiting):
            inbox.resolve(db.session, unmatched, code)
        db.session.rollback()
        assert count(Reply) == 1 and count(ReplyPage) == 1
        inbox.confirm(db.session, first, None)
        db.session.commit()
        # The prisoner writes again, with the code from the envelope they kept.
        second = inbox.receive(db.session, Scan((Page(b"months later"),), codes=(code,)))
        assert (second.outcome, second.reply.letter_id) == ("matched", first.letter_id)
        inbox.confirm(db.session, second.reply, None)
        db.session.commit()
        assert inbox.delivered_replies(db.session, first.letter) == [first, second.reply]


def test_the_same_pages_are_not_stored_twice(app, letter):
    _, code = letter
    with app.app_context():
        inbox.receive(db.session, Scan((Page(b"one"), Page(b"two")), codes=(code,)))
        db.session.commit()
        for scan in (Scan((Page(b"two"),)), Scan((Page(b"two"), Page(b"one")), codes=(code,))):
            with pytest.raises(inbox.AlreadyReceived) as refused:
                inbox.receive(db.session, scan)
            db.session.rollback()
            assert date.today().isoformat() in refused.value.message("en")
        assert count(Reply) == 1 and count(ReplyPage) == 2
        # A new reply may share a page with an earlier one (a blank page drawn from a PDF).
        received = inbox.receive(db.session, Scan((Page(b"new"), Page(b"one"))))
        assert received.outcome == "unmatched" and count(ReplyPage) == 4


def test_a_reply_without_a_letter_waits_on_the_list_and_is_resolved_later(app, letter):
    letter_id, code = letter
    with app.app_context():
        unknown = "2222-3333-4444"  # a QR code of no letter here: kept, never lost
        received = inbox.receive(db.session, Scan((Page(b"p"),), codes=(unknown,)), via="import")
        db.session.commit()
        reply = received.reply
        assert received.outcome == "unmatched"
        assert (reply.state, reply.code_read, reply.received_via) == (
            ReplyState.UNMATCHED, unknown, "import"
        )  # fmt: skip
        with pytest.raises(inbox.NoLetterWithCode):
            inbox.resolve(db.session, reply, unknown)
        inbox.resolve(db.session, reply, code)
        assert (reply.state, reply.letter_id) == (ReplyState.TO_CONFIRM, letter_id)
        inbox.unmatch(db.session, reply)  # the volunteer saw it was not that letter
        assert (reply.state, reply.letter_id, reply.prisoner_id) == (
            ReplyState.UNMATCHED, None, None
        )  # fmt: skip
        db.session.commit()


def test_pages_are_stored_in_slices_and_read_back_whole(app, letter):
    big = os.urandom(SLICE_SIZE * 2 + 17)
    with app.app_context():
        reply = inbox.receive(db.session, Scan((Page(big), Page(b"second", "image/png")))).reply
        db.session.commit()
        first, second = reply.pages
        assert (first.number, first.size, second.media_type) == (1, len(big), "image/png")
        assert count(ReplyPageChunk) == 4
        assert inbox.page_bytes(db.engine, first.id) == big
        assert inbox.page_bytes(db.engine, second.id) == b"second"


def test_pages_are_forgotten_after_opening_or_at_the_latest_after_keeping(app, letter):
    _, code = letter
    today = date.today()
    with app.app_context():
        opened = inbox.receive(db.session, Scan((Page(b"opened"),), codes=(code,))).reply
        inbox.confirm(db.session, opened, None)
        inbox.mark_opened(db.session, opened)
        first_opened = opened.opened_at
        inbox.mark_opened(db.session, opened)
        assert opened.opened_at == first_opened  # the span counts from the first time
        waiting = inbox.receive(db.session, Scan((Page(b"unmatched"),))).reply
        db.session.commit()
        assert inbox.forget_due(db.session, 30, 180, today + timedelta(days=29)) == 0
        assert inbox.forget_due(db.session, 30, 180, today + timedelta(days=30)) == 1
        db.session.commit()
        db.session.refresh(opened)
        assert (opened.state, opened.pages) == (ReplyState.FORGOTTEN, [])
        assert inbox.delivered_replies(db.session, opened.letter) == [opened]  # it arrived
        assert inbox.forget_due(db.session, 30, 180, today + timedelta(days=179)) == 0
        assert inbox.forget_due(db.session, 30, 180, today + timedelta(days=180)) == 1
        db.session.commit()
        db.session.refresh(waiting)
        assert waiting.state == ReplyState.FORGOTTEN
        assert count(ReplyPage) == count(ReplyPageChunk) == 0
        assert inbox.counts_by_prisoner(db.session, [opened.prisoner_id]) == {opened.prisoner_id: 1}


def test_the_purge_leaves_no_byte_of_a_forgotten_page_in_the_database_files(app, letter):
    _, code = letter
    marker = "Zzyzx-handwriting-" + os.urandom(8).hex()  # bytes nothing else holds
    with app.app_context():
        reply = inbox.receive(db.session, Scan((Page(marker.encode() * 500),), codes=(code,)))
        inbox.confirm(db.session, reply.reply, None)
        inbox.mark_opened(db.session, reply.reply)
        db.session.commit()
        assert in_tables(db.engine, [marker])
        later = date.today() + timedelta(days=app.config["REPLY_RETENTION_DAYS"])
        purge(db.session, app.config["RETENTION_DAYS"], later, reply_retention_days=30)
        assert in_tables(db.engine, [marker]) == {}
        leftovers = in_database_files(db.engine, [marker])
        assert leftovers in ({}, None), leftovers  # None: a server whose files we cannot read
        assert db.session.scalar(select(Reply.state)) == ReplyState.FORGOTTEN
