"""What happens to a batch and its letters after it is claimed; every change is an event.

Each operation flushes; its one caller (a page, a command) commits, so that a change made of
several steps is kept whole or not at all.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from letters.auth.models import User
from letters.batches import storage
from letters.batches.models import Batch, BatchStatus, LetterEvent, LetterStatus, QueuedLetter
from letters.messages import N_, coded

# Event notes, stored as codes (letters.messages.StoredMessage) and shown in the reader's language.
NOTE_POSTED = N_("posted %(date)s")
NOTE_CANCELLED = N_("batch %(batch)s cancelled")
NOTE_REPRINTED = N_("batch %(batch)s reprinted")


class InvalidTransition(Exception):
    """The batch or letter is not in a state that allows this change."""


# Why a batch's zip is not given now (see ``start_download``).
NOTHING_TO_GIVE = "nothing_to_give"
PURGED = "purged"
CONFIRM_REPRINT = "confirm_reprint"


def _event(letter: QueuedLetter, status: LetterStatus, user: User | None, note: str | None = None):
    letter.events.append(
        LetterEvent(
            status=status, batch_id=letter.batch_id, user_id=user.id if user else None, note=note
        )
    )


def mark_printed(session: Session, batch: Batch, user: User | None) -> None:
    """The volunteer has printed the batch: only once its files are ready (else nothing was)."""
    if batch.status is BatchStatus.CLAIMED:
        raise InvalidTransition(f"batch {batch.id}'s files are not ready yet")
    if batch.status is not BatchStatus.READY:
        raise InvalidTransition(f"batch {batch.id} is {batch.status.value}")
    for letter in batch.letters:
        if letter.status is LetterStatus.IN_BATCH:
            letter.status = LetterStatus.PRINTED
            _event(letter, LetterStatus.PRINTED, user)
    batch.status = BatchStatus.PRINTED
    session.flush()


def mark_posted(
    session: Session,
    batch: Batch,
    user: User | None,
    *,
    on: date | None = None,
    tracking: dict[int, str] | None = None,
) -> None:
    """The batch went to the post office on ``on``; optional tracking numbers by letter id."""
    if batch.status is not BatchStatus.PRINTED:
        raise InvalidTransition(f"batch {batch.id} must be printed before it is posted")
    on = on or date.today()
    tracking = tracking or {}
    for letter in batch.letters:
        if letter.status is LetterStatus.PRINTED:
            letter.status = LetterStatus.POSTED
            letter.posted_on = on
            letter.tracking_number = tracking.get(letter.id) or letter.tracking_number
            _event(letter, LetterStatus.POSTED, user, note=coded(NOTE_POSTED, date=on))
    batch.status = BatchStatus.POSTED
    session.flush()


def mark_returned(session: Session, letter: QueuedLetter, user: User | None, note: str) -> None:
    """A posted letter came back or was reported undelivered."""
    if letter.status is not LetterStatus.POSTED:
        raise InvalidTransition(f"letter {letter.reference} was not posted")
    letter.status = LetterStatus.RETURNED
    _event(letter, LetterStatus.RETURNED, user, note=note)
    session.flush()


def cancel_batch(session: Session, batch: Batch, user: User | None) -> int:
    """Put a batch's letters back in the queue (only before it is posted) and delete its stored
    zip; returns how many letters went back."""
    if batch.status in (BatchStatus.POSTED, BatchStatus.CANCELLED):
        raise InvalidTransition(f"batch {batch.id} is {batch.status.value}")
    returned = 0
    for letter in list(batch.letters):
        if letter.status in (LetterStatus.IN_BATCH, LetterStatus.PRINTED):
            _event(letter, LetterStatus.QUEUED, user, note=coded(NOTE_CANCELLED, batch=batch.id))
            letter.status = LetterStatus.QUEUED
            letter.batch_id = None
            letter.batch_position = None
            returned += 1
    batch.status = BatchStatus.CANCELLED
    storage.discard(session, batch.id)
    session.flush()
    return returned


def start_download(
    session: Session, batch: Batch, user: User | None, *, reprint: bool
) -> str | None:
    """May the batch's zip be given now? None when it may; else why not.

    A cancelled or failed batch has nothing to give (``NOTHING_TO_GIVE``); one whose letters were
    deleted after posting cannot be printed again (``PURGED``); one printed already is given
    again only as a deliberate reprint (``CONFIRM_REPRINT`` until ``reprint``), which every
    letter's history records. Flushes.
    """
    if batch.status in (BatchStatus.CANCELLED, BatchStatus.FAILED):
        return NOTHING_TO_GIVE
    if batch.purged:
        return PURGED
    if batch.status in (BatchStatus.PRINTED, BatchStatus.POSTED):
        if not reprint:
            return CONFIRM_REPRINT
        record_reprint(session, batch, user)
    return None


def record_reprint(session: Session, batch: Batch, user: User | None) -> None:
    """Someone deliberately printed the batch again: say so in every letter's history."""
    if batch.status not in (BatchStatus.PRINTED, BatchStatus.POSTED):
        raise InvalidTransition(f"batch {batch.id} has not been printed yet")
    for letter in batch.letters:
        _event(letter, letter.status, user, note=coded(NOTE_REPRINTED, batch=batch.id))
    session.flush()
