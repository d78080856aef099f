"""Claiming letters into batches: atomic, never overlapping, never taking held letters."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from letters.batches.claims import NothingToClaim, Selection, create_batch
from letters.batches.models import LetterStatus, QueuedLetter
from letters.directory.models import Prisoner, PrisonerStatus
from letters.directory.store import record_transfer
from letters.extensions import db
from tests.batches.conftest import queue_letters, transfer_mironov_to_colony


def test_a_batch_takes_the_oldest_letters_in_facility_order(app, directory):
    with app.app_context():
        ids = queue_letters(5)
        batch = create_batch(db.session, None, Selection(oldest=3))
        assert [letter.id for letter in batch.letters] == ids[:3]
        assert [letter.batch_position for letter in batch.letters] == [1, 2, 3]
        assert {letter.status for letter in batch.letters} == {LetterStatus.IN_BATCH}
        assert all(letter.events[-1].status is LetterStatus.IN_BATCH for letter in batch.letters)


def test_selection_by_region_and_facility(app, directory):
    with app.app_context():
        queue_letters(2)
        mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        with pytest.raises(NothingToClaim):
            create_batch(db.session, None, Selection(region="Московская область"))
        batch = create_batch(db.session, None, Selection(facility_id=mironov.facility_id))
        assert len(batch.letters) == 2


def test_held_letters_are_never_put_in_a_batch(app, directory):
    with app.app_context():
        queued = queue_letters(3)
        mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        mironov.status = PrisonerStatus.RELEASED
        db.session.commit()
        with pytest.raises(NothingToClaim):
            create_batch(db.session, None, Selection())
        record_transfer(db.session, mironov, facility=None, status=PrisonerStatus.TRANSFERRED,
                        on=date.today())  # fmt: skip
        db.session.commit()
        with pytest.raises(NothingToClaim):
            create_batch(db.session, None, Selection())
        statuses = db.session.scalars(select(QueuedLetter.status)).all()
        assert statuses == [LetterStatus.QUEUED] * len(queued)


def test_a_transfer_readdresses_queued_letters(app, directory):
    from letters.batches.files import batch_item

    with app.app_context():
        queue_letters(1)
        transfer_mironov_to_colony(directory["colony_id"])
        batch = create_batch(db.session, None, Selection())
        item = batch_item(batch.letters[0])
        assert item.recipient.facility == "ФКУ ИК-5 УФСИН России по Волгоградской области"
        assert item.recipient.postcode == "403874"


def test_concurrent_claims_never_overlap(app, directory):
    """Many volunteers at once: each letter lands in exactly one batch (SQLite and PostgreSQL)."""
    with app.app_context():
        total = len(queue_letters(60))
    claimed: list[list[int]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def volunteer() -> None:
        with app.app_context():
            try:
                start.wait()
                for _ in range(5):
                    try:
                        batch = create_batch(db.session, None, Selection(oldest=4))
                    except NothingToClaim:
                        return
                    claimed.append([letter.id for letter in batch.letters])
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=volunteer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    every = [letter_id for batch in claimed for letter_id in batch]
    assert len(every) == len(set(every)), "a letter was claimed twice"
    assert len(every) == total, "a letter was lost"
    with app.app_context():
        in_batches = db.session.scalars(
            select(QueuedLetter.batch_id).where(QueuedLetter.status == LetterStatus.IN_BATCH)
        ).all()
        assert len(in_batches) == total
