"""Creating a batch claims its letters atomically: two volunteers never get the same letter.

PostgreSQL: candidate rows are locked with ``SELECT … FOR UPDATE SKIP LOCKED``, so concurrent
claims take different letters without waiting for each other. SQLite has one writer at a time;
there the claim is a compare-and-set (``UPDATE … WHERE status = 'queued'``) inside a write
transaction, which has the same effect. The compare-and-set runs on PostgreSQL too, as a second
guard.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from letters.auth.models import User
from letters.batches.holds import printable_condition
from letters.batches.models import (
    Batch,
    BatchStatus,
    LetterEvent,
    LetterStatus,
    QueuedLetter,
)
from letters.directory.models import Facility, Prisoner
from letters.evenings.models import EveningLetter
from letters.once import claim, settle
from letters.pdf.layout import DEFAULT_ENVELOPE, OUTPUTS


class NothingToClaim(Exception):
    """No printable letter matches the selection (or others claimed them first)."""


@dataclass(frozen=True)
class Selection:
    """Which queued letters a batch takes."""

    region: str | None = None
    facility_id: int | None = None
    oldest: int | None = None  # at most this many, oldest first; None: all
    # An evening's letters are printed by its organiser, all together; other batches leave them.
    evening_id: int | None = None


def _candidates(selection: Selection):
    query = (
        select(QueuedLetter.id)
        .outerjoin(Prisoner, QueuedLetter.prisoner_id == Prisoner.id)
        .outerjoin(Facility, Prisoner.facility_id == Facility.id)
        .where(QueuedLetter.status == LetterStatus.QUEUED, printable_condition())
        .order_by(QueuedLetter.created_at, QueuedLetter.id)
    )
    if selection.region:
        query = query.where(Facility.region == selection.region)
    if selection.facility_id is not None:
        query = query.where(Prisoner.facility_id == selection.facility_id)
    at_evening = select(EveningLetter.letter_id)
    if selection.evening_id is not None:
        at_evening = at_evening.where(EveningLetter.evening_id == selection.evening_id)
        query = query.where(QueuedLetter.id.in_(at_evening))
    else:
        query = query.where(QueuedLetter.id.not_in(at_evening))
    if selection.oldest:
        query = query.limit(selection.oldest)
    # Lock only the letters' rows; SQLite ignores this and relies on its single writer.
    return query.with_for_update(of=QueuedLetter, skip_locked=True)


def create_batch(
    session: Session,
    user: User | None,
    selection: Selection,
    *,
    envelope_format: str = DEFAULT_ENVELOPE,
    start_label: int = 1,
    duplex: bool = False,
    once: str | None = None,
) -> Batch:
    """Claim the selected printable letters into a new batch, in a transaction of its own.

    Any transaction already open on ``session`` is committed first: the claim must begin with a
    write (the batch row, or the form's one-time token ``once``, see letters.once), so that on
    SQLite it waits for other writers instead of working from a snapshot they have since
    changed. A form posted twice raises :class:`letters.once.AlreadyDone` with the first
    batch's id.
    """
    if envelope_format not in OUTPUTS:
        raise ValueError(f"unknown envelope format {envelope_format!r}")
    user_id = user.id if user else None
    session.commit()
    claim(session, once)
    batch = Batch(
        created_by_id=user_id,
        envelope_format=envelope_format,
        start_label=start_label,
        duplex=duplex,
        status=BatchStatus.CLAIMED,
    )
    session.add(batch)
    session.flush()
    ids = list(session.scalars(_candidates(selection)))
    if not ids:
        session.rollback()
        raise NothingToClaim
    claimed = session.execute(
        update(QueuedLetter)
        .where(QueuedLetter.id.in_(ids), QueuedLetter.status == LetterStatus.QUEUED)
        .values(status=LetterStatus.IN_BATCH, batch_id=batch.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        session.rollback()
        raise NothingToClaim
    letters = session.scalars(
        select(QueuedLetter)
        .where(QueuedLetter.batch_id == batch.id)
        .outerjoin(Prisoner, QueuedLetter.prisoner_id == Prisoner.id)
        .outerjoin(Facility, Prisoner.facility_id == Facility.id)
        # Sorted by facility, so letters to one place are printed, stuffed and posted together.
        .order_by(Facility.region, Facility.name, QueuedLetter.created_at, QueuedLetter.id)
    ).all()
    for position, letter in enumerate(letters, start=1):
        letter.batch_position = position
        session.add(
            LetterEvent(
                letter_id=letter.id,
                batch_id=batch.id,
                status=LetterStatus.IN_BATCH,
                user_id=user_id,
            )
        )
    settle(session, once, str(batch.id))
    session.commit()
    return batch
