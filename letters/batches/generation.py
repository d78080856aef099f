"""Generating a batch's files once, on any worker, and surviving a worker killed half-way.

The database is the truth; the job queue only carries wake-up calls. A batch needs its files
while it has no stored zip (``letters.batches.storage``) and can still be printed. Whoever
renders it holds a *lease* on the batch row (``lease_owner``, ``lease_expires_at``), taken
with one conditional UPDATE, so that of any number of servers, workers, jobs and page
refreshes exactly one renders at a time. A heartbeat thread extends the lease while rendering;
a worker killed with SIGKILL stops extending it, and once it expires the next request (a page
refresh, or the periodic requeue job) hands the batch to another worker. The zip and the
"ready" state are committed together, only by the lease holder, so a batch is stored once.

Each lease taken counts as an attempt. A batch that cannot be rendered (an error, or a worker
that dies on it every time) is not retried forever: after ``GENERATION_ATTEMPTS`` it is
``failed`` with the reason, its letters still in it, until a volunteer retries (``retry``).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from sqlalchemy import case, exists, func, or_, select, update
from sqlalchemy.engine import Engine

from letters.batches import storage
from letters.batches.files import BatchFiles, build_files
from letters.batches.holds import printable_condition, set_aside
from letters.batches.models import Batch, BatchStatus, LetterStatus, QueuedLetter
from letters.batches.postage import load_tariff
from letters.database import utcnow
from letters.directory.models import Prisoner
from letters.extensions import db

QUEUED = "queued"  # lease owner while a job is waiting in the queue
# A batch in these states becomes FAILED when its attempts are used up ("ready" without a
# stored file: made before files were kept in the database). A printed batch being made again
# for a reprint keeps its state and only stops being tried until ``retry``.
_NOT_PRINTED = (BatchStatus.CLAIMED, BatchStatus.READY)
GENERATION_ATTEMPTS = 3
ERROR_LENGTH = 300  # Batch.generation_error


class LeaseLost(Exception):
    """Another worker took the batch over (this one was too slow to renew its lease)."""


def held_count() -> int:
    """Queued letters that no batch may take right now."""
    total = db.session.scalar(
        select(func.count(QueuedLetter.id)).where(QueuedLetter.status == LetterStatus.QUEUED)
    )
    printable = db.session.scalar(
        select(func.count(QueuedLetter.id))
        .outerjoin(Prisoner, QueuedLetter.prisoner_id == Prisoner.id)
        .where(QueuedLetter.status == LetterStatus.QUEUED, printable_condition())
    )
    return total - printable


def _set_progress(engine: Engine, batch_id: int, done: int) -> None:
    # Its own short transaction, so other servers' progress bars see it at once.
    with engine.begin() as connection:
        connection.execute(update(Batch).where(Batch.id == batch_id).values(progress=done))


def _render(app: Flask, batch: Batch, progress: Callable[[int, int], None]) -> BatchFiles:
    return build_files(
        batch,
        tariff=load_tariff(app.config["POSTAGE_TARIFF_FILE"]),
        held_back=held_count(),
        progress=progress,
    )


def generate_files(
    app: Flask, batch: Batch, also_report: Callable[[int, int], None] | None = None
) -> BatchFiles:
    """Render the batch here (``letters batch pdf``), reporting progress; mark it ready."""

    def report(done: int, total: int) -> None:
        _set_progress(db.engine, batch.id, done)
        if also_report:
            also_report(done, total)

    files = _render(app, batch, report)
    # One unprintable letter must not stop the batch: it goes back to the queue, held.
    set_aside(db.session, batch, files.set_aside)
    # Conditional: a volunteer may have marked the batch printed (or cancelled it) meanwhile,
    # and this session's copy of the batch would not know.
    db.session.execute(
        update(Batch)
        .where(Batch.id == batch.id, Batch.status == BatchStatus.CLAIMED)
        .values(status=BatchStatus.READY, generated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return files


def _needs_file():
    """SQL: the batch has no stored zip and can still be rendered (no letter text purged)."""
    purged = exists().where(QueuedLetter.batch_id == Batch.id, QueuedLetter.purged_at.is_not(None))
    return (
        Batch.file_sha256.is_(None)
        & Batch.status.not_in((BatchStatus.CANCELLED, BatchStatus.FAILED))
        & ~purged
    )


def _lease_free(now):
    return or_(Batch.lease_expires_at.is_(None), Batch.lease_expires_at < now)


def can_generate(batch: Batch) -> bool:
    """Whether the batch's files can be made (not cancelled or failed, no letter text purged)."""
    return batch.status not in (BatchStatus.CANCELLED, BatchStatus.FAILED) and not any(
        letter.purged_at for letter in batch.letters
    )


def request_generation(batch_id: int, lease_seconds: float) -> bool:
    """Mark the batch as waiting for a worker; True when the caller should enqueue a job.

    False when its zip is stored, or a job is already waiting or running (unexpired lease):
    any number of page refreshes on any number of servers enqueue one job.
    """
    now = utcnow()
    with db.engine.begin() as connection:
        result = connection.execute(
            update(Batch)
            .where(Batch.id == batch_id, _needs_file(), _lease_free(now))
            .values(lease_owner=QUEUED, lease_expires_at=now + timedelta(seconds=lease_seconds))
        )
    return result.rowcount == 1


def batches_to_requeue() -> list[int]:
    """Claimed batches without files whose job is lost (no unexpired lease)."""
    return list(
        db.session.scalars(
            select(Batch.id).where(
                Batch.status == BatchStatus.CLAIMED, _needs_file(), _lease_free(utcnow())
            )
        )
    )


def worker_name() -> str:
    """Who holds a lease: host, process and thread, for the logs and the database."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:80]


def _take_lease(engine: Engine, batch_id: int, owner: str, lease_seconds: float) -> bool:
    now = utcnow()
    with engine.begin() as connection:
        result = connection.execute(
            update(Batch)
            .where(
                Batch.id == batch_id,
                _needs_file(),
                or_(Batch.lease_owner == QUEUED, _lease_free(now)),
                Batch.generation_attempts < GENERATION_ATTEMPTS,
            )
            .values(
                lease_owner=owner,
                lease_expires_at=now + timedelta(seconds=lease_seconds),
                generation_attempts=Batch.generation_attempts + 1,
            )
        )
        if result.rowcount == 1:
            return True
        # Every attempt was used up by workers that died before recording why.
        connection.execute(
            update(Batch)
            .where(
                Batch.id == batch_id,
                Batch.status.in_(_NOT_PRINTED),
                _needs_file(),
                or_(Batch.lease_owner == QUEUED, _lease_free(now)),
                Batch.generation_attempts >= GENERATION_ATTEMPTS,
            )
            .values(
                status=BatchStatus.FAILED,
                lease_owner=None,
                lease_expires_at=None,
                generation_error=func.coalesce(
                    Batch.generation_error, "the worker stopped while rendering"
                ),
            )
        )
    return False


def _record_failure(engine: Engine, batch_id: int, owner: str, error: Exception) -> bool:
    """Free the lease and say why rendering failed; True when the batch is now FAILED."""
    reason = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    exhausted = Batch.generation_attempts >= GENERATION_ATTEMPTS
    with engine.begin() as connection:
        freed = connection.execute(
            update(Batch)
            .where(Batch.id == batch_id, Batch.lease_owner == owner)
            .values(lease_owner=None, lease_expires_at=None, generation_error=reason)
        )
        if freed.rowcount != 1:  # another worker has taken the batch over
            return False
        result = connection.execute(
            update(Batch)
            .where(Batch.id == batch_id, Batch.status.in_(_NOT_PRINTED), exhausted)
            .values(status=BatchStatus.FAILED)
        )
    return result.rowcount == 1


def retry(batch_id: int) -> bool:
    """Give a failed batch its attempts back (after fixing the cause); True if it was failed.

    Also a printed batch whose files (for a reprint) used up their attempts. The caller then
    requests generation (``letters.jobs.Jobs.request``).
    """
    failed = Batch.status == BatchStatus.FAILED
    used_up = (
        Batch.file_sha256.is_(None)
        & (Batch.status != BatchStatus.CANCELLED)
        & (Batch.generation_attempts >= GENERATION_ATTEMPTS)
    )
    with db.engine.begin() as connection:
        result = connection.execute(
            update(Batch)
            .where(Batch.id == batch_id, failed | used_up)
            .values(
                status=case((failed, BatchStatus.CLAIMED.value), else_=Batch.status),
                generation_attempts=0,
                generation_error=None,
                progress=0,
                lease_owner=None,
                lease_expires_at=None,
            )
        )
    return result.rowcount == 1


class Heartbeat:
    """Extends a lease from a thread of its own until stopped; notices when it is lost."""

    def __init__(self, engine: Engine, batch_id: int, owner: str, lease_seconds: float):
        self.engine, self.batch_id, self.owner = engine, batch_id, owner
        self.lease_seconds = lease_seconds
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{batch_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.lease_seconds / 4):
            with self.engine.begin() as connection:
                result = connection.execute(
                    update(Batch)
                    .where(Batch.id == self.batch_id, Batch.lease_owner == self.owner)
                    .values(lease_expires_at=utcnow() + timedelta(seconds=self.lease_seconds))
                )
            if result.rowcount != 1:
                self.lost.set()
                return


def generate(app: Flask, batch_id: int, owner: str | None = None) -> bool:
    """Render and store the batch's zip if this worker wins its lease; True when it stored it.

    A batch already stored, cancelled, or being rendered elsewhere is left alone (False).
    """
    owner = owner or worker_name()
    lease_seconds = app.config["JOB_LEASE_SECONDS"]
    engine = db.engine
    if not _take_lease(engine, batch_id, owner, lease_seconds):
        return False
    with Heartbeat(engine, batch_id, owner, lease_seconds) as heartbeat:
        batch = db.session.get(Batch, batch_id)

        def report(done: int, total: int) -> None:
            if heartbeat.lost.is_set():
                raise LeaseLost(batch_id)
            _set_progress(engine, batch_id, done)
            # The worker's log shows how far it got (and which worker it is) before any crash.
            app.logger.info("batch %s: rendered %s of %s letters", batch_id, done, total)

        try:
            files = _render(app, batch, report)
            data = files.zip_bytes()
        except LeaseLost:
            db.session.rollback()
            return False
        except Exception as error:
            db.session.rollback()
            failed = _record_failure(engine, batch_id, owner, error)
            app.logger.exception(
                "batch %s: rendering failed%s", batch_id, " for the last time" if failed else ""
            )
            return False
        done = len(batch.letters)
    # Only the lease holder stores, and the zip and "ready" are committed together.
    db.session.rollback()
    result = db.session.execute(
        update(Batch)
        .where(Batch.id == batch_id, Batch.lease_owner == owner, _needs_file())
        .values(
            lease_owner=None,
            lease_expires_at=None,
            progress=done,
            generated_at=utcnow(),
            generation_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    # Letters that cannot be printed leave the batch, held, in the transaction that stores
    # the zip made without them.
    set_aside(db.session, batch, files.set_aside)
    # Conditional: a volunteer may have marked the batch printed meanwhile.
    db.session.execute(
        update(Batch)
        .where(Batch.id == batch_id, Batch.status == BatchStatus.CLAIMED)
        .values(status=BatchStatus.READY)
        .execution_options(synchronize_session=False)
    )
    storage.add_file(db.session, batch_id, data)
    db.session.commit()
    return True
