"""A batch that cannot be rendered is tried a bounded number of times, then shown as failed
with the reason (page, ``letters batch list``), its letters kept, until someone retries."""

from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import update

from letters.batches import generation, storage
from letters.batches.files import build_files
from letters.batches.generation import GENERATION_ATTEMPTS
from letters.batches.models import Batch, BatchStatus, LetterStatus, QueuedLetter
from letters.database import utcnow
from letters.extensions import db
from letters.jobs import jobs
from tests.batches.conftest import claim_batch, queue_letters
from tests.batches.test_volunteer_pages import volunteer_client

REASON = "the font file DejaVuSerif.ttf is missing"


def broken_renderer(*args, **kwargs):
    raise OSError(REASON)


def state(batch_id: int) -> Batch:
    db.session.expire_all()
    return db.session.get(Batch, batch_id)


def test_a_batch_that_cannot_be_rendered_fails_after_its_attempts_and_can_be_retried(
    app, directory, runner, monkeypatch
):
    with app.app_context():
        queue_letters(2)
    client = volunteer_client(app)
    monkeypatch.setattr(generation, "build_files", broken_renderer)
    batch_id = claim_batch(client)  # the first attempt (jobs run at once in tests)
    with app.app_context():
        batch = state(batch_id)
        assert batch.status is BatchStatus.CLAIMED and batch.generation_attempts == 1
        assert batch.lease_owner is None  # free for the next attempt at once
        queue = jobs()
        for _ in range(GENERATION_ATTEMPTS - 1):
            assert queue.requeue_batches.call_local() == [batch_id]
        batch = state(batch_id)
        assert batch.status is BatchStatus.FAILED
        assert batch.generation_attempts == GENERATION_ATTEMPTS
        assert batch.generation_error == f"OSError: {REASON}"
        # No more attempts: not requeued, refreshes ask for nothing.
        assert queue.requeue_batches.call_local() == []
        assert generation.batches_to_requeue() == []
    assert client.get(f"/volunteer/batches/{batch_id}/progress").json == {
        "done": 0, "total": 2, "ready": False, "failed": True}  # fmt: skip
    with app.app_context():
        assert state(batch_id).generation_attempts == GENERATION_ATTEMPTS
        letters = db.session.query(QueuedLetter).all()
        assert [letter.status for letter in letters] == [LetterStatus.IN_BATCH] * 2
        assert {letter.batch_id for letter in letters} == {batch_id}

    english = client.get(f"/volunteer/batches/{batch_id}", headers={"Accept-Language": "en"})
    page = html.unescape(english.get_data(as_text=True))
    assert f"could not be prepared, after {GENERATION_ATTEMPTS} attempts" in page
    assert REASON in page and "Try again" in page and "Mark as printed" not in page
    russian = client.get(f"/volunteer/batches/{batch_id}", headers={"Accept-Language": "ru"})
    page = html.unescape(russian.get_data(as_text=True))
    assert "Не удалось подготовить файлы" in page and REASON in page
    assert "Попробовать снова" in page
    # Nothing to download or mark printed.
    assert client.post(f"/volunteer/batches/{batch_id}/download").status_code == 409
    assert client.post(f"/volunteer/batches/{batch_id}/printed").status_code == 302
    with app.app_context():
        assert state(batch_id).status is BatchStatus.FAILED

    listing = runner.invoke(args=["batch", "list"])
    assert f"{batch_id}  failed" in listing.output and f"(OSError: {REASON})" in listing.output
    # Retried before the cause is fixed: it gets its attempts again, and fails again.
    assert "prepared again" in runner.invoke(args=["batch", "retry", str(batch_id)]).output
    with app.app_context():
        batch = state(batch_id)
        assert batch.status is BatchStatus.CLAIMED and batch.generation_attempts == 1
        for _ in range(GENERATION_ATTEMPTS - 1):
            assert queue.requeue_batches.call_local() == [batch_id]
        assert state(batch_id).status is BatchStatus.FAILED
    # The cause is fixed: the button retries, and the batch is generated.
    monkeypatch.setattr(generation, "build_files", build_files)
    client.post(f"/volunteer/batches/{batch_id}/retry")
    with app.app_context():
        batch = state(batch_id)
        assert batch.status is BatchStatus.READY and storage.has_file(batch)
        assert batch.generation_error is None and batch.generation_attempts == 1
    assert client.get(f"/volunteer/batches/{batch_id}/progress").json["ready"]
    retry = runner.invoke(args=["batch", "retry", str(batch_id)])
    assert retry.exit_code == 1 and f"batch {batch_id} has not failed" in retry.output


def test_a_batch_whose_workers_all_die_fails_with_that_reason(app, directory):
    with app.app_context():
        queue_letters(1)
        from letters.batches.claims import Selection, create_batch

        batch_id = create_batch(db.session, None, Selection()).id
        for number in range(GENERATION_ATTEMPTS):
            # A worker takes the batch and is killed: its lease runs out.
            assert generation._take_lease(db.engine, batch_id, f"dead-{number}", 60)
            db.session.execute(
                update(Batch).values(lease_expires_at=utcnow() - timedelta(seconds=1))
            )
            db.session.commit()
        assert generation.batches_to_requeue() == [batch_id]
        assert not generation.generate(app, batch_id)
        batch = state(batch_id)
        assert batch.status is BatchStatus.FAILED and batch.lease_owner is None
        assert batch.generation_error == "the worker stopped while rendering"
        assert generation.batches_to_requeue() == []


def test_a_printed_batch_whose_reprint_cannot_be_made_keeps_its_state(app, directory):
    with app.app_context():
        from letters.batches import lifecycle
        from letters.batches.claims import Selection, create_batch

        queue_letters(1)
        batch = create_batch(db.session, None, Selection())
        # Printed from files made by `letters batch pdf`, none of them stored in the database.
        generation.generate_files(app, batch)
        lifecycle.mark_printed(db.session, batch, None)
        db.session.commit()
        batch_id = batch.id
        db.session.execute(update(Batch).values(generation_attempts=GENERATION_ATTEMPTS))
        db.session.commit()
        assert not generation.generate(app, batch_id)
        assert state(batch_id).status is BatchStatus.PRINTED  # never "failed" once printed
        assert [letter.status for letter in state(batch_id).letters] == [LetterStatus.PRINTED]
        assert generation.retry(batch_id)
        batch = state(batch_id)
        assert batch.status is BatchStatus.PRINTED and batch.generation_attempts == 0
        assert generation.generate(app, batch_id)
        assert not generation.retry(batch_id)  # stored: nothing to retry
