"""Prisoner search: any script, any case, ё or е, typos, with filters.

Names are folded to a Latin skeleton (``transliteration.search_key``) so that «Миронов»,
"Mironov" and "Mironow" meet. The index lives in each process and is rebuilt when the directory
changes (checked with one cheap query per search), so several app servers stay correct.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from letters.directory.models import Facility, Prisoner, PrisonerStatus
from letters.directory.store import fold
from letters.directory.transliteration import search_key

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
# Below these, a partial word matches too much to be useful or a typo cannot be told apart.
MIN_PREFIX = 2
MIN_FUZZY = 4
FUZZY_CUTOFF = 80.0

EXACT_SURNAME, EXACT, PREFIX = 100.0, 95.0, 85.0
# Facility names and towns are matched as whole words: «ИК-2» is not «ИК-22».
_MIN_FACILITY_QUERY = 3


def fold_words(text: str) -> list[str]:
    """The search keys of each word in ``text``."""
    return [key for word in WORD.findall(text) if (key := search_key(word))]


@dataclass(frozen=True)
class Filters:
    """Narrow the search; every field is optional."""

    region: str | None = None
    facility_id: int | None = None
    status: PrisonerStatus | None = None
    birthday_within_days: int | None = None


@dataclass
class Entry:
    """What the index keeps of one prisoner."""

    id: int
    surname_keys: frozenset[str]
    sort_name: str
    region: str | None
    facility_id: int | None
    status: PrisonerStatus
    birthday: tuple[int, int] | None  # (month, day)


@dataclass
class SearchIndex:
    """Token index over the whole directory."""

    entries: dict[int, Entry] = field(default_factory=dict)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    tokens: list[str] = field(default_factory=list)  # sorted, for prefix lookups
    by_facility: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    # (facility id, folded name + town + district), for searches by town or facility name.
    facility_texts: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def build(cls, rows, facility_rows=()) -> SearchIndex:
        """Build from (id, surname, search_key, region, facility_id, status, birth_date) rows
        and (id, name, locality, district) facility rows."""
        index = cls()
        index.facility_texts = [
            (fid, fold(" ".join(p for p in parts if p))) for fid, *parts in facility_rows
        ]
        for pid, surname, key, region, facility_id, status, birth_date in rows:
            surname_keys = frozenset(fold_words(surname))
            index.entries[pid] = Entry(
                id=pid,
                surname_keys=surname_keys,
                # Alphabetical in the directory's own script, not the folded Latin key.
                sort_name=f"{surname.lower().replace('ё', 'е')} {key}",
                region=region,
                facility_id=facility_id,
                status=status,
                birthday=(birth_date.month, birth_date.day) if birth_date else None,
            )
            for token in set(key.split()) | surname_keys:
                index.postings[token].add(pid)
            if facility_id is not None:
                index.by_facility[facility_id].add(pid)
        index.tokens = sorted(index.postings)
        return index

    def _matches(self, query_token: str) -> dict[int, tuple[float, bool]]:
        """Prisoner id → (score, matched a surname exactly) for one query word."""
        found: dict[int, tuple[float, bool]] = {}

        def offer(pid: int, score: float, surname: bool) -> None:
            if pid not in found or (score, surname) > found[pid]:
                found[pid] = (score, surname)

        for pid in self.postings.get(query_token, ()):
            surname = query_token in self.entries[pid].surname_keys
            offer(pid, EXACT_SURNAME if surname else EXACT, surname)
        if len(query_token) >= MIN_PREFIX:
            start = bisect.bisect_left(self.tokens, query_token)
            for token in self.tokens[start:]:
                if not token.startswith(query_token):
                    break
                for pid in self.postings[token]:
                    offer(pid, PREFIX, False)
        if len(query_token) >= MIN_FUZZY:
            for token, score, _ in process.extract(
                query_token, self.tokens, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                for pid in self.postings[token]:
                    offer(pid, score * 0.8, False)
        return found

    def facilities_named(self, query: str) -> frozenset[int]:
        """Facilities whose name, town or district contains ``query`` as whole words."""
        folded = fold(query)
        if len(folded) < _MIN_FACILITY_QUERY:
            return frozenset()
        pattern = re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")
        return frozenset(fid for fid, text in self.facility_texts if pattern.search(text))

    def search(
        self,
        query: str,
        filters: Filters,
        today: date,
        limit: int = 50,
        facility_ids: frozenset[int] = frozenset(),
    ) -> list[int]:
        """Ids of the best matches, best first: exact surnames, then score, then name.

        ``facility_ids`` are the facilities the query names (a town, «ИК-2»): everyone held
        there matches too, after the people matched by name.
        """
        words = fold_words(query)
        if words:
            per_word = [self._matches(word) for word in dict.fromkeys(words)]
            candidates = set(per_word[0]).intersection(*per_word[1:])
            ranked = {
                pid: (
                    any(m[pid][1] for m in per_word),
                    sum(m[pid][0] for m in per_word),
                )
                for pid in candidates
            }
            # When some people match every word exactly or by its beginning, a typo-level
            # likeness ("Mironov" ~ Смирнова) is noise: keep only the strong matches.
            strong = {pid for pid in ranked if all(m[pid][0] >= PREFIX for m in per_word)}
            if strong:
                ranked = {pid: ranked[pid] for pid in strong}
            for facility_id in facility_ids:
                for pid in self.by_facility.get(facility_id, ()):
                    ranked.setdefault(pid, (False, 0.0))
        else:
            ranked = {pid: (False, 0.0) for pid in self.entries}
        window = birthday_window(today, filters.birthday_within_days)
        allowed = [pid for pid in ranked if _passes(self.entries[pid], filters, window)]
        allowed.sort(
            key=lambda pid: (-ranked[pid][0], -ranked[pid][1], self.entries[pid].sort_name)
        )
        return allowed[:limit]


def days_until_birthday(birthday: tuple[int, int], today: date) -> int:
    """Days from ``today`` to the next birthday (0 when it is today; 29 February → 1 March)."""
    month, day = birthday
    for year in (today.year, today.year + 1):
        try:
            next_birthday = date(year, month, day)
        except ValueError:  # 29 February in a common year
            next_birthday = date(year, 3, 1)
        if next_birthday >= today:
            return (next_birthday - today).days
    raise AssertionError("unreachable: a birthday comes within a year")


def birthday_window(today: date, days: int | None) -> frozenset[tuple[int, int]] | None:
    """The (month, day) pairs of the next ``days`` days, today included; None for no filter."""
    if days is None:
        return None
    pairs = {((today + timedelta(n)).month, (today + timedelta(n)).day) for n in range(days + 1)}
    if (3, 1) in pairs:  # those born on 29 February celebrate on 1 March in common years
        pairs.add((2, 29))
    return frozenset(pairs)


def _passes(entry: Entry, filters: Filters, window: frozenset[tuple[int, int]] | None) -> bool:
    if filters.region and (entry.region or "").casefold() != filters.region.casefold():
        return False
    if filters.facility_id is not None and entry.facility_id != filters.facility_id:
        return False
    if filters.status is not None and entry.status != filters.status:
        return False
    return window is None or entry.birthday in window


class IndexCache:
    """One index per database per process, rebuilt when the directory's version changes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_url: dict[str, tuple[tuple, SearchIndex]] = {}

    @staticmethod
    def version(session: Session) -> tuple:
        """Changes whenever a prisoner or a facility is added, removed or edited."""
        facilities = select(func.count(Facility.id), func.max(Facility.updated_at)).subquery()
        row = session.execute(
            select(
                func.count(Prisoner.id),
                func.max(Prisoner.updated_at),
                select(facilities.c[0]).scalar_subquery(),
                select(facilities.c[1]).scalar_subquery(),
            )
        ).one()
        return tuple(str(value) for value in row)

    def get(self, session: Session) -> SearchIndex:
        """The current index for this session's database."""
        url = str(session.get_bind().url)
        version = self.version(session)
        cached = self._by_url.get(url)
        if cached and cached[0] == version:
            return cached[1]
        with self._lock:
            cached = self._by_url.get(url)
            if cached and cached[0] == version:
                return cached[1]
            rows = session.execute(
                select(
                    Prisoner.id,
                    Prisoner.surname,
                    Prisoner.search_key,
                    Facility.region,
                    Prisoner.facility_id,
                    Prisoner.status,
                    Prisoner.birth_date,
                ).outerjoin(Facility, Prisoner.facility_id == Facility.id)
            ).all()
            facility_rows = session.execute(
                select(Facility.id, Facility.name, Facility.locality, Facility.district)
            ).all()
            index = SearchIndex.build(rows, facility_rows)
            self._by_url[url] = (version, index)
            return index


index_cache = IndexCache()


def search_prisoners(
    session: Session,
    query: str,
    filters: Filters | None = None,
    *,
    today: date | None = None,
    limit: int = 50,
) -> list[Prisoner]:
    """The prisoners matching ``query`` and ``filters``, best first."""
    today = today or date.today()
    index = index_cache.get(session)
    ids = index.search(
        query, filters or Filters(), today, limit, facility_ids=index.facilities_named(query)
    )
    if not ids:
        return []
    by_id = {p.id: p for p in session.scalars(select(Prisoner).where(Prisoner.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id]


def upcoming_birthdays(session: Session, days: int, today: date | None = None) -> list[Prisoner]:
    """Prisoners whose birthday falls within ``days``, soonest first."""
    today = today or date.today()
    prisoners = search_prisoners(
        session, "", Filters(birthday_within_days=days), today=today, limit=10_000
    )
    return sorted(
        prisoners,
        key=lambda p: days_until_birthday((p.birth_date.month, p.birth_date.day), today),
    )


__all__ = [
    "Filters",
    "SearchIndex",
    "days_until_birthday",
    "index_cache",
    "search_prisoners",
    "upcoming_birthdays",
]
