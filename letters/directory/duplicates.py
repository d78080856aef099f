"""Likely duplicates: two records that are probably one person, for the merge page.

Published lists often name someone without the patronymic that another source gives. Two records
with the same surname, first name and year of birth, one with a patronymic and one without, are
flagged; a coordinator decides (two different people may share all three).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters.directory.models import Prisoner
from letters.directory.store import fold


def _key(surname: str, first_name: str, birth_year: int | None) -> tuple[str, str, int | None]:
    return fold(surname), fold(first_name), birth_year


def _pairs_within(group: list[Prisoner]) -> list[tuple[Prisoner, Prisoner]]:
    with_patronymic = [p for p in group if p.patronymic]
    without = [p for p in group if not p.patronymic]
    return [(a, b) for a in with_patronymic for b in without]


def likely_duplicates_of(session: Session, prisoner: Prisoner) -> list[Prisoner]:
    """Other records that are probably the same person as ``prisoner``."""
    if prisoner.birth_year is None:
        return []
    key = _key(prisoner.surname, prisoner.first_name, prisoner.birth_year)
    query = select(Prisoner).where(
        Prisoner.birth_year == prisoner.birth_year, Prisoner.id != prisoner.id
    )
    return [
        other
        for other in session.scalars(query)
        if _key(other.surname, other.first_name, other.birth_year) == key
        and bool(other.patronymic) != bool(prisoner.patronymic)
    ]


def likely_duplicate_pairs(session: Session) -> list[tuple[Prisoner, Prisoner]]:
    """Every likely pair in the directory: (the record with the patronymic, the one without)."""
    groups: dict[tuple, list[Prisoner]] = defaultdict(list)
    query = select(Prisoner).where(Prisoner.birth_year.is_not(None)).order_by(Prisoner.id)
    for prisoner in session.scalars(query):
        groups[_key(prisoner.surname, prisoner.first_name, prisoner.birth_year)].append(prisoner)
    pairs = [pair for group in groups.values() if len(group) > 1 for pair in _pairs_within(group)]
    return sorted(pairs, key=lambda pair: (fold(pair[0].surname), pair[0].id, pair[1].id))
