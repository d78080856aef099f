"""Which queued letters must wait, and why: they are shown apart and never put in a batch."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from letters.addressing import return_address
from letters.batches.files import unprintable
from letters.batches.models import Batch, LetterEvent, LetterStatus, QueuedLetter, Reason
from letters.batches.retention import forget_letter
from letters.directory.address import parse_sender
from letters.directory.reachability import UNREACHABLE, reachable_condition, unreachable
from letters.draft import SENDER_COLUMNS, Draft
from letters.messages import N_, coded
from letters.translating.models import not_for_volunteers

# Why the person cannot be written to is the directory's reachability rule, in its words.
HOLD_REASONS = {
    **UNREACHABLE,
    "no_recipient": N_("The recipient is no longer in the directory."),
    "unprintable": N_("It was set aside from a batch because it cannot be printed as it is."),
}


NOTE_SET_ASIDE = N_("set aside from batch %(batch)s")


def set_aside_note(batch_id: int) -> str:
    """The note of the event that sets a letter aside from batch ``batch_id``."""
    return coded(NOTE_SET_ASIDE, batch=batch_id)


def set_aside_from(session: Session, batch_id: int) -> list[QueuedLetter]:
    """The letters batch ``batch_id`` could not print and returned to the queue, in order."""
    events = session.scalars(
        select(LetterEvent)
        .where(LetterEvent.batch_id == batch_id, LetterEvent.status == LetterStatus.QUEUED)
        .where(
            or_(
                LetterEvent.note == set_aside_note(batch_id),
                # Notes stored before they were coded: «set aside from batch 7[: why]».
                LetterEvent.note == f"set aside from batch {batch_id}",
                LetterEvent.note.startswith(f"set aside from batch {batch_id}:", autoescape=True),
            )
        )
        .order_by(LetterEvent.id)
    )
    return [event.letter for event in events]


def set_aside(
    session: Session, batch: Batch, letters: Iterable[tuple[QueuedLetter, Reason | None]]
) -> int:
    """Take letters that cannot be printed out of ``batch``, back into the queue, held.

    A letter with a ``Reason`` keeps it and waits (no batch takes it); without one (its
    recipient changed since the claim: released, transferred) it simply waits for the
    directory, like any letter to that person. Each gets an event naming the batch. Flushes;
    the caller commits.
    """
    count = 0
    for letter, reason in letters:
        if reason is not None:
            letter.held_reason = reason.dumps()
        letter.status = LetterStatus.QUEUED
        letter.batch_id = None
        letter.batch_position = None
        session.add(
            LetterEvent(
                letter_id=letter.id,
                batch_id=batch.id,
                status=LetterStatus.QUEUED,
                note=set_aside_note(batch.id),
            )
        )
        count += 1
    session.flush()
    return count


# Notes of the events below, kept as codes (Reason.dumps) and shown in the reader's language.
NOTE_CORRECTED = N_("The address or the writer's details were corrected.")
NOTE_RELEASED = N_("Checked again and put back in the queue.")
NOTE_STILL_HELD = N_("Checked again: still held.")
NOTE_CANCELLED = N_("Cancelled: it could not be printed as written. Its text was deleted.")
NOTE_CANCELLED_RELEASED = N_("Cancelled: the prisoner has been released. Its text was deleted.")
NOTE_CANCELLED_DECEASED = N_("Cancelled: the prisoner has died. Its text was deleted.")
NOTE_WITHDRAWN = N_("Withdrawn by its writer. Its text was deleted.")
# Why a held letter was cancelled, by its hold reason, as its writer's page tells it.
CANCEL_NOTES = {"released": NOTE_CANCELLED_RELEASED, "deceased": NOTE_CANCELLED_DECEASED}

EDITABLE = ("address_text", "sender_name", "sender_address")


class NotHeld(Exception):
    """The letter is not waiting in the queue held back: it cannot be corrected or cancelled."""


def _held(letter: QueuedLetter) -> None:
    if letter.status is not LetterStatus.QUEUED or letter.batch_id is not None:
        raise NotHeld(letter.reference)
    if hold_reason(letter) is None:
        raise NotHeld(letter.reference)


def _note(letter: QueuedLetter, user, msgid: str) -> None:
    letter.events.append(
        LetterEvent(status=letter.status, user_id=user.id if user else None, note=coded(msgid))
    )


def release(
    session: Session, letter: QueuedLetter, user, changes: dict[str, str | None]
) -> str | None:
    """Correct a held letter (``changes``: fields of :data:`EDITABLE`), check it again as a
    batch will print it, and put it back in the queue when it can be printed.

    Returns None when released, else why it still waits (a :data:`HOLD_REASONS` key; for
    ``unprintable`` the new reason is in ``held_reason``). Every step is an event. Raises
    :class:`NotHeld` for a letter that is not held in the queue. Flushes; the caller commits.
    """
    _held(letter)
    changed = {k: v or None for k, v in changes.items() if k in EDITABLE}
    if letter.prisoner is not None:
        changed.pop("address_text", None)  # addressed from the directory, corrected there
    typed = {k: changed.pop(k) for k in ("sender_name", "sender_address") if k in changed}
    changed = {k: v for k, v in changed.items() if getattr(letter, k) != v}
    changed.update(_sender_changes(letter, typed))
    for name, value in changed.items():
        setattr(letter, name, value)
    if changed:
        _note(letter, user, NOTE_CORRECTED)
    letter.held_reason = None
    key = hold_reason(letter)  # waiting for the directory (released, address unchecked…)
    if key is None:
        blocked, reason = unprintable(letter)
        if blocked:
            letter.held_reason = (reason or Reason(HOLD_REASONS["unknown"])).dumps()
            key = "unprintable"
    _note(letter, user, NOTE_STILL_HELD if key else NOTE_RELEASED)
    session.flush()
    return key


def sender_as_typed(letter: QueuedLetter) -> dict[str, str | None]:
    """The writer's name and return address as a volunteer corrects them (the address whole:
    lines, postcode, country)."""
    sender = Draft.from_queued(letter).sender
    return {"sender_name": sender.name or None, "sender_address": return_address(sender)}


def _sender_changes(letter: QueuedLetter, typed: dict[str, str | None]) -> dict[str, object]:
    """The queue's sender columns that change when the return address is corrected as
    ``typed``: read again by the one reader of senders, as when it was queued."""
    if not typed:
        return {}
    draft = Draft.from_queued(letter)
    typed = {**sender_as_typed(letter), **typed}
    sender = parse_sender(
        typed["sender_name"], typed["sender_address"], from_abroad=draft.sender.abroad
    )
    if sender == draft.sender:
        return {}
    columns = dataclasses.replace(draft, sender=sender).queued_columns(QueuedLetter)
    return {column: columns.get(column) for column in SENDER_COLUMNS}


def cancel(session: Session, letter: QueuedLetter, user) -> None:
    """Cancel a held letter: it leaves the queue for good and its personal data is deleted at
    once (it was never posted, so nothing of it needs keeping). The event says why, for the
    writer's page. Commits."""
    _held(letter)
    note = CANCEL_NOTES.get(hold_reason(letter), NOTE_CANCELLED)
    if not take_out_of_queue(session, letter, user, note):
        raise NotHeld(letter.reference)


def take_out_of_queue(session: Session, letter: QueuedLetter, user, note: str) -> bool:
    """Cancel a letter still waiting in the queue, with an event noting ``note`` (a msgid), and
    forget it at once (retention.forget_letter). False, and nothing changed, when a batch has
    taken it meanwhile. Commits."""
    # Conditional, like a claim: a letter a batch took meanwhile is never cancelled under it.
    taken = session.execute(
        update(QueuedLetter)
        .where(
            QueuedLetter.id == letter.id,
            QueuedLetter.status == LetterStatus.QUEUED,
            QueuedLetter.batch_id.is_(None),
        )
        .values(status=LetterStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        session.rollback()
        return False
    letter.status = LetterStatus.CANCELLED
    _note(letter, user, note)
    forget_letter(session, letter)
    return True


def hold_reason(letter: QueuedLetter) -> str | None:
    """Why ``letter`` cannot be printed now (a HOLD_REASONS key), or None when it can."""
    if letter.held_reason:
        return "unprintable"
    prisoner = letter.prisoner
    if prisoner is None:
        return None if letter.address_text else "no_recipient"
    return unreachable(prisoner)


def printable_condition() -> ColumnElement[bool]:
    """SQL for "not held" (the same rule as hold_reason), for claiming in the database; a
    letter that waits for its translation, or that goes back to its writer once translated,
    is no volunteer's to print either.

    Needs ``QueuedLetter`` outer-joined to ``Prisoner``.
    """
    return and_(
        QueuedLetter.held_reason.is_(None),
        QueuedLetter.id.not_in(not_for_volunteers()),
        or_(
            and_(QueuedLetter.prisoner_id.is_(None), QueuedLetter.address_text.is_not(None)),
            reachable_condition(),
        ),
    )
