"""Shortlists as organisers build them: by facility, region, birthdays, fewest letters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters.batches.queue import letters_received
from letters.directory.models import Facility, Prisoner, PrisonerStatus

MAX_SHORTLIST = 200  # an evening's list (the form's limit); printed cards may cover more


@dataclass(frozen=True)
class Criteria:
    """What the organiser asked for; every field is optional."""

    facility_id: int | None = None
    region: str | None = None
    birthdays_from: date | None = None  # the year is ignored: a birthday between these days
    birthdays_to: date | None = None
    fewest_letters: bool = False
    size: int = 50


def _birthday_in(birth_date: date | None, start: date, end: date) -> bool:
    if birth_date is None:
        return False
    day, first, last = (
        (birth_date.month, birth_date.day),
        (start.month, start.day),
        (end.month, end.day),
    )
    if first <= last:
        return first <= day <= last
    return day >= first or day <= last  # the range runs over the new year


def build_shortlist(session: Session, criteria: Criteria) -> list[Prisoner]:
    """The prisoners matching ``criteria`` who can receive post now, in shortlist order."""
    query = (
        select(Prisoner)
        .join(Facility, Prisoner.facility_id == Facility.id)
        .where(Prisoner.status.in_([PrisonerStatus.REMAND, PrisonerStatus.COLONY]))
        .order_by(Prisoner.surname, Prisoner.first_name, Prisoner.id)
    )
    if criteria.facility_id is not None:
        query = query.where(Prisoner.facility_id == criteria.facility_id)
    if criteria.region:
        query = query.where(Facility.region == criteria.region)
    found = list(session.scalars(query))
    if criteria.birthdays_from and criteria.birthdays_to:
        found = [
            p
            for p in found
            if _birthday_in(p.birth_date, criteria.birthdays_from, criteria.birthdays_to)
        ]
    if criteria.fewest_letters:
        counts = letters_received(session, [p.id for p in found])
        found.sort(key=lambda p: counts.get(p.id, 0))  # stable: names stay in order on ties
    return found[: criteria.size]
