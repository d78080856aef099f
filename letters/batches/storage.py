"""Batch zips kept in the database in slices (``letters.slices``), so that every app server
can serve them. The file and the batch's "ready" state are written in one transaction: a
reader sees the whole file or none. Purging letters deletes the files that hold
their text (``forget_purged``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from letters import slices
from letters.batches.models import Batch, BatchFileChunk, QueuedLetter


def add_file(session: Session, batch_id: int, data: bytes) -> None:
    """Stage the zip of a batch in ``session`` (the caller commits, with the batch's state)."""
    session.execute(delete(BatchFileChunk).where(BatchFileChunk.batch_id == batch_id))
    session.add_all(
        BatchFileChunk(batch_id=batch_id, part=part, data=piece)
        for part, piece in slices.slices(data)
    )
    session.execute(
        update(Batch)
        .where(Batch.id == batch_id)
        .values(file_size=len(data), file_sha256=hashlib.sha256(data).hexdigest())
        .execution_options(synchronize_session=False)
    )


def has_file(batch: Batch) -> bool:
    """Whether the batch's zip is stored."""
    return batch.file_sha256 is not None


def stream(engine: Engine, batch_id: int) -> Iterator[bytes]:
    """The stored zip, one slice at a time."""
    return slices.stream(engine, BatchFileChunk, batch_id=batch_id)


def read(engine: Engine, batch_id: int) -> bytes:
    """The whole stored zip (for commands and tests; pages stream it)."""
    return b"".join(stream(engine, batch_id))


def discard(session: Session, batch_id: int) -> None:
    """Delete a batch's stored zip (the caller commits)."""
    session.execute(delete(BatchFileChunk).where(BatchFileChunk.batch_id == batch_id))
    session.execute(
        update(Batch)
        .where(Batch.id == batch_id)
        .values(file_size=None, file_sha256=None)
        .execution_options(synchronize_session=False)
    )


def forget_purged(session: Session) -> int:
    """Delete the zips of batches holding a purged letter (the caller commits); how many."""
    batch_ids = select(QueuedLetter.batch_id).where(
        QueuedLetter.purged_at.is_not(None), QueuedLetter.batch_id.is_not(None)
    )
    stored = session.scalars(
        select(Batch.id).where(Batch.id.in_(batch_ids), Batch.file_sha256.is_not(None))
    ).all()
    for batch_id in stored:
        discard(session, batch_id)
    return len(stored)
