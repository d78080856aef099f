"""What a writer is told about a letter they queued: where it is, why it waits, what is next.

The letter's status says where it is for volunteers; the writer's page also needs to know
whether a waiting letter is held (and why), and why a cancelled one was cancelled — which the
letter's events record.
"""

from __future__ import annotations

from datetime import datetime

from letters.batches.holds import (
    NOTE_CANCELLED_DECEASED,
    NOTE_CANCELLED_RELEASED,
    NOTE_CORRECTED,
    NOTE_SET_ASIDE,
    NOTE_STILL_HELD,
    NOTE_WITHDRAWN,
    hold_reason,
)
from letters.batches.models import LetterEvent, LetterStatus, QueuedLetter
from letters.messages import StoredMessage

HELD = "held"
# Why a cancelled letter was cancelled, from the note of its cancelling event.
_CANCELLED = {
    NOTE_WITHDRAWN: "withdrawn",
    NOTE_CANCELLED_RELEASED: "cancelled_released",
    NOTE_CANCELLED_DECEASED: "cancelled_deceased",
}
# Queue events that mean "held back" to the writer; NOTE_CORRECTED is followed by one of these
# or by "back in the queue", so it is not a step of its own.
_HELD_NOTES = (NOTE_SET_ASIDE, NOTE_STILL_HELD)


def _msgid(event: LetterEvent) -> str | None:
    return StoredMessage.loads(event.note).msgid if event.note else None


def _cancelled(letter: QueuedLetter) -> str:
    for event in reversed(letter.events):
        if event.status is LetterStatus.CANCELLED:
            return _CANCELLED.get(_msgid(event), "cancelled")
    return "cancelled"


def held_because(letter: QueuedLetter) -> str | None:
    """Why a letter waiting in the queue cannot be printed now (a HOLD_REASONS key), or None."""
    if letter.status is not LetterStatus.QUEUED or letter.batch_id is not None:
        return None
    return hold_reason(letter)


def withdrawable(letter: QueuedLetter) -> bool:
    """Whether the writer may still take the letter back: no batch has taken it."""
    return letter.status is LetterStatus.QUEUED and letter.batch_id is None


def state(letter: QueuedLetter) -> str:
    """The step the writer's page shows: a status value, "held", "withdrawn", or
    "cancelled_released" / "cancelled_deceased" / "cancelled"."""
    if held_because(letter):
        return HELD
    if letter.status is LetterStatus.CANCELLED:
        return _cancelled(letter)
    return letter.status.value


def timeline(letter: QueuedLetter) -> list[tuple[datetime, str]]:
    """The letter's steps as the writer sees them (moment, step): each step once, in order,
    however many times volunteers looked at a held letter."""
    steps: list[tuple[datetime, str]] = []
    for event in letter.events:
        key = event.status.value
        note = _msgid(event)
        if event.status is LetterStatus.QUEUED and note == NOTE_CORRECTED:
            continue
        if event.status is LetterStatus.QUEUED and note in _HELD_NOTES:
            key = HELD
        elif event.status is LetterStatus.CANCELLED:
            key = _cancelled(letter)
        if steps and steps[-1][1] == key:
            continue
        steps.append((event.at, key))
    if held_because(letter) and (not steps or steps[-1][1] != HELD):
        # Held by the directory (released, address unknown…): no event says so, the page does.
        steps.append((None, HELD))
    return steps
