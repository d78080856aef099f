"""Generating a batch's files without freezing a page, and surviving a crash half-way.

The files are derived from the database, so generation can always be started again. It runs
in a background thread of the web process; progress goes to ``batches.progress`` so any app
server can show it. The zip is written to a temporary file and renamed into place: a crash
leaves either no file or a complete one, and never marks anything printed.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select, update

from letters.batches.files import BatchFiles, build_files
from letters.batches.holds import printable_condition
from letters.batches.models import Batch, BatchStatus, LetterStatus, QueuedLetter
from letters.database import utcnow
from letters.directory.models import Prisoner
from letters.extensions import db


def batch_dir(app: Flask) -> Path:
    """Where generated batch zips are kept (a cache: each can be rebuilt from the database)."""
    path = Path(app.instance_path) / "batches"
    path.mkdir(parents=True, exist_ok=True)
    return path


def zip_path(app: Flask, batch_id: int) -> Path:
    """The finished zip of a batch."""
    return batch_dir(app) / f"batch-{batch_id}.zip"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file, no file, or all of it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def _set_progress(batch_id: int, done: int) -> None:
    # Its own short transaction, so other servers' progress bars see it at once.
    with db.engine.begin() as connection:
        connection.execute(update(Batch).where(Batch.id == batch_id).values(progress=done))


def generate_files(
    app: Flask, batch: Batch, also_report: Callable[[int, int], None] | None = None
) -> BatchFiles:
    """Render the batch, reporting progress, and mark it ready (if it was only claimed)."""

    def report(done: int, total: int) -> None:
        _set_progress(batch.id, done)
        if also_report:
            also_report(done, total)

    files = build_files(
        batch,
        postage_each=app.config["POSTAGE_PER_LETTER"],
        held_back=held_count(),
        progress=report,
    )
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


class Generator:
    """One background thread per process that turns batches into zips."""

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="letters-batch")
        self._running: set[tuple[str, int]] = set()
        self._lock = threading.Lock()

    def running(self, app: Flask, batch_id: int) -> bool:
        """Whether this process is generating the batch now."""
        with self._lock:
            return (app.instance_path, batch_id) in self._running

    def start(self, app: Flask, batch_id: int) -> bool:
        """Start generating unless the zip exists or it is already under way here."""
        key = (app.instance_path, batch_id)
        with self._lock:
            if key in self._running or zip_path(app, batch_id).exists():
                return False
            self._running.add(key)
        self._pool.submit(self._run, app, batch_id)
        return True

    def _run(self, app: Flask, batch_id: int) -> None:
        try:
            with app.app_context():
                batch = db.session.get(Batch, batch_id)
                if batch is not None and batch.status is not BatchStatus.CANCELLED:
                    files = generate_files(app, batch)
                    write_atomically(zip_path(app, batch_id), files.zip_bytes())
                db.session.remove()
        except Exception:
            app.logger.exception("generating batch %s failed", batch_id)
        finally:
            with self._lock:
                self._running.discard((app.instance_path, batch_id))


generator = Generator()
