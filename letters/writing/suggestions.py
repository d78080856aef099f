"""Whom to write to: someone who gets few letters, and birthdays coming up."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters.batches.queue import letters_received
from letters.directory.models import Prisoner, PrisonerStatus
from letters.directory.presenter import post_by
from letters.directory.reachability import unreachable
from letters.directory.search import upcoming_birthdays


def reachable(session: Session) -> list[Prisoner]:
    """Everyone a letter can reach: by post, or through a service that addresses it for you.

    Someone with neither would be a suggestion the writer cannot act on.
    """
    return [
        p
        for p in session.scalars(
            select(Prisoner).where(
                Prisoner.status.not_in([PrisonerStatus.RELEASED, PrisonerStatus.DECEASED])
            )
        )
        if unreachable(p) is None or p.services
    ]


def fewest_letters(session: Session, limit: int = 10) -> list[Prisoner]:
    """The reachable people who got the fewest letters through this site, fewest first."""
    counts = letters_received(session)
    people = reachable(session)
    people.sort(key=lambda p: (counts.get(p.id, 0), p.surname, p.first_name or ""))
    return people[:limit]


def suggest_prisoner(session: Session, rng: random.Random | None = None) -> Prisoner | None:
    """A prisoner who can be written to, chosen at random with weight 1 / (1 + letters received).

    Random rather than strictly the least-written, so that everyone low on letters gets a turn
    and two visitors at once are unlikely to be sent to the same person.
    """
    rng = rng or random.Random()
    writable = reachable(session)
    if not writable:
        return None
    counts = letters_received(session)
    weights = [1.0 / (1 + counts.get(p.id, 0)) for p in writable]
    return rng.choices(writable, weights=weights, k=1)[0]


@dataclass
class Birthday:
    """A coming birthday and the last day to post a card so that it arrives in time.

    A deadline that has passed is None: the page says it is too late by post and points to
    the e-letter services, which deliver within days.
    """

    prisoner: Prisoner
    on: date
    post_from_russia_by: date | None
    post_from_abroad_by: date | None

    @property
    def too_late_by_post(self) -> bool:
        """Whether no posted card arrives in time, from Russia or abroad."""
        return self.post_from_russia_by is None and self.post_from_abroad_by is None


def coming_birthdays(
    session: Session, *, days: int, domestic_days: int, abroad_days: int, today: date | None = None
) -> list[Birthday]:
    """Birthdays within ``days``, with the posting deadlines (a letter from abroad is slow)."""
    today = today or date.today()
    result = []
    for prisoner in upcoming_birthdays(session, days, today):
        if unreachable(prisoner):
            continue
        deadlines = post_by(
            prisoner.birth_date, today, domestic_days=domestic_days, abroad_days=abroad_days
        )
        result.append(
            Birthday(
                prisoner=prisoner,
                on=deadlines.birthday,
                post_from_russia_by=deadlines.russia,
                post_from_abroad_by=deadlines.abroad,
            )
        )
    return result
