"""What changes an evening: create, edit, close, delete, and a participant's letter.

Each operation flushes; its one caller (a view or a command) commits, so that an evening or a
letter is never left half-made.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from letters.auth.models import User
from letters.batches.models import QueuedLetter
from letters.batches.queue import enqueue
from letters.database import utcnow
from letters.directory.models import Prisoner
from letters.draft import Draft
from letters.evenings.models import DEFAULT_LETTER_LIMIT, Evening, EveningLetter, EveningPrisoner
from letters.evenings.shortlist import Criteria, build_shortlist


class NobodyMatches(Exception):
    """No one who can receive post matches the organiser's choice."""


class EveningHasLetters(Exception):
    """Letters were written at the evening: it is closed, not deleted."""


class EveningClosed(Exception):
    """The evening's link takes no more letters."""


def create_evening(
    session: Session,
    user: User | None,
    *,
    name: str,
    held_on: date,
    place: str | None,
    criteria: Criteria,
    letter_limit: int = DEFAULT_LETTER_LIMIT,
) -> Evening:
    """A new evening with a shortlist built from the directory. Flushes."""
    prisoners = build_shortlist(session, criteria)
    if not prisoners:
        raise NobodyMatches
    evening = Evening(
        name=name,
        held_on=held_on,
        place=place or None,
        created_by_id=user.id if user else None,
        letter_limit=letter_limit,
    )
    evening.shortlist = [
        EveningPrisoner(prisoner_id=p.id, position=n) for n, p in enumerate(prisoners)
    ]
    session.add(evening)
    session.flush()
    return evening


def edit_evening(
    session: Session,
    evening: Evening,
    *,
    name: str,
    held_on: date,
    place: str | None,
    keep: Iterable[int],
    criteria: Criteria | None = None,
    letter_limit: int = DEFAULT_LETTER_LIMIT,
) -> int:
    """Rename, re-date or move the evening; keep only the shortlisted ``keep`` (prisoner ids),
    then add ``criteria.size`` more people matching ``criteria`` who are not on it yet.
    Returns how many were added. Flushes."""
    evening.name = name
    evening.held_on = held_on
    evening.place = place or None
    evening.letter_limit = letter_limit
    kept = set(keep)
    evening.shortlist = [entry for entry in evening.shortlist if entry.prisoner_id in kept]
    added = 0
    if criteria is not None and criteria.size:
        listed = {entry.prisoner_id for entry in evening.shortlist}
        wider = Criteria(**{**criteria.__dict__, "size": criteria.size + len(listed)})
        newcomers = [p for p in build_shortlist(session, wider) if p.id not in listed]
        position = max((entry.position for entry in evening.shortlist), default=-1) + 1
        for n, prisoner in enumerate(newcomers[: criteria.size]):
            evening.shortlist.append(
                EveningPrisoner(prisoner_id=prisoner.id, position=position + n)
            )
            added += 1
    session.flush()
    return added


def close_evening(session: Session, evening: Evening) -> None:
    """The link stops taking letters (those written stay in the evening's pile). Flushes."""
    if evening.closed_at is None:
        evening.closed_at = utcnow()
    session.flush()


def reopen_evening(session: Session, evening: Evening) -> None:
    """The link takes letters again. Flushes."""
    evening.closed_at = None
    session.flush()


def letter_count(session: Session, evening: Evening) -> int:
    """How many letters were written at the evening (withdrawn ones too)."""
    return session.scalar(
        select(func.count())
        .select_from(EveningLetter)
        .where(EveningLetter.evening_id == evening.id)
    )


def delete_evening(session: Session, evening: Evening) -> None:
    """Delete an evening at which no letter was written. Flushes."""
    if letter_count(session, evening):
        raise EveningHasLetters(evening.id)
    session.delete(evening)
    session.flush()


def add_letter(
    session: Session, evening: Evening, prisoner: Prisoner, draft: Draft
) -> QueuedLetter:
    """Queue a participant's letter into the evening's own pile. Flushes."""
    if not evening.is_open:
        raise EveningClosed(evening.id)
    letter = enqueue(session, prisoner, draft)
    session.add(EveningLetter(letter_id=letter.id, evening_id=evening.id))
    session.flush()
    return letter
