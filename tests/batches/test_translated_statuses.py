"""Batch statuses and letters' history notes are shown in the volunteer's language."""

from __future__ import annotations

from letters.batches.claims import Selection, create_batch
from letters.batches.models import BatchStatus, LetterEvent, LetterStatus
from letters.extensions import db
from tests.batches.conftest import queue_letters
from tests.batches.test_held_letters import _held_pair
from tests.batches.test_volunteer_pages import volunteer_client

RU = {"Accept-Language": "ru"}


def test_batch_statuses_in_russian(app, directory):
    with app.app_context():
        queue_letters(1)
        batch = create_batch(db.session, None, Selection())
        batch.status = BatchStatus.FAILED
        db.session.commit()
        batch_id = batch.id
    client = volunteer_client(app)
    listing = client.get("/volunteer/batches", headers=RU).text
    assert ">не удалось подготовить</td>" in listing and ">failed<" not in listing
    page = client.get(f"/volunteer/batches/{batch_id}", headers=RU).text
    assert '<span id="batch-status">не удалось подготовить</span>' in page


def test_history_notes_old_and_coded(app, directory):
    given, _ = _held_pair(app)
    with app.app_context():
        # A note stored before notes were coded stays readable, as it was written.
        db.session.add(
            LetterEvent(letter_id=given, status=LetterStatus.QUEUED, note="старая заметка")
        )
        db.session.commit()
    client = volunteer_client(app)
    page = client.get(f"/volunteer/letters/{given}/held", headers=RU).text
    history = page.split('id="letter-history"', 1)[1]
    assert "отложено из пачки" in history and "set aside" not in history
    assert "старая заметка" in history
