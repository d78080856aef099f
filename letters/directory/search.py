"""Prisoner search: any script, any case, ё or е, typos, with filters.

Names are folded to a Latin skeleton (``transliteration.search_key``) so that «Миронов»,
"Mironov" and "Mironow" meet; so are the places people are held in («Камышин», "Kamyshin";
«ИК-7», «ИК 7», "IK-7"), so a query may mix a name, a facility, a town and a region.
The index lives in each process and is rebuilt when the directory changes (checked with one
cheap query per search), so several app servers stay correct.
"""

from __future__ import annotations

import bisect
import heapq
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from letters.directory.models import Facility, Prisoner, PrisonerStatus
from letters.directory.transliteration import search_key

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
# A query's words and numbers, in order: «СИЗО-1», «ИК 7» and "IK-7" are a kind and a number.
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|[0-9]+", re.UNICODE)
# Below these, a partial word matches too much to be useful or a typo cannot be told apart.
MIN_PREFIX = 2
MIN_PLACE_PREFIX = 3
MIN_FUZZY = 4
FUZZY_CUTOFF = 80.0

EXACT_SURNAME, EXACT, PREFIX = 100.0, 95.0, 85.0
# A word found in the person's place (facility, town, region, street) ranks below their name.
PLACE_EXACT, PLACE_PREFIX = 60.0, 55.0
# The short names of kinds of facility, folded: «ИК-7» is indexed and searched as "ik7".
_FACILITY_CODES = re.compile(
    r"(?<![^\W\d_])(СИЗО|ИК|ЛИУ|КП|ИЦ|ИВС|ПФРСИ|ЛПУ|КТБ|ОИУ|ВК|SIZO|IK|LIU|KP|ITs|IVS)"
    r"[\s\-–№#]{0,4}([0-9]+)(?![0-9])",  # «ИК-7», «ИК 7», «ИК № 7»: a short separator
    re.IGNORECASE,
)
_CODE_KINDS = frozenset(
    search_key(kind) for kind in "СИЗО ИК ЛИУ КП ИЦ ИВС ПФРСИ ЛПУ КТБ ОИУ ВК".split()
)
# English names of places that are not their transliteration.
_EXONYMS = {"mostsov": "moskva", "saint": "sankt", "st": "sankt", "petersburg": "peterburg"}


def fold_words(text: str) -> list[str]:
    """The search keys of each word in ``text``."""
    return [key for word in WORD.findall(text) if (key := search_key(word))]


def query_terms(text: str) -> list[str]:
    """A query's terms: folded words, numbers, and facility codes ("ik7" for «ИК 7», "IK-7")."""
    terms: list[str] = []
    for token in _TOKEN.findall(text):
        if token.isdigit():
            if terms and terms[-1] in _CODE_KINDS:
                terms[-1] += token
            else:
                terms.append(token)
        elif key := search_key(token):
            terms.extend(_EXONYMS.get(part, part) for part in key.split())
    return terms


def place_terms(*texts: str | None) -> set[str]:
    """Everything a search may match in a facility's name and address, either script."""
    terms: set[str] = set()
    for text in texts:
        if not text:
            continue
        for kind, number in _FACILITY_CODES.findall(text):
            terms.add(f"{search_key(kind)}{int(number)}")
            terms.add(str(int(number)))
        # «Санкт-Петербург» folds to two words, each matched alone, as a query's words are.
        terms.update(part for key in fold_words(text) for part in key.split() if len(part) > 1)
        terms.update(re.findall(r"(?<![0-9])[0-9]{6}(?![0-9])", text))  # the postcode
    return terms


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


# One query term's matches: prisoner id → (score, matched a surname exactly, strong match).
Matches = dict[int, tuple[float, bool, bool]]


class TermMatches(NamedTuple):
    """The people one query term matches by name, and the facilities it matches by place."""

    people: Matches
    places: dict[int, tuple[float, bool]]  # facility id → (score, strong)
    size: int  # how many people that is, at most


@dataclass
class SearchIndex:
    """Token index over the whole directory: names per prisoner, places per facility."""

    entries: dict[int, Entry] = field(default_factory=dict)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    tokens: list[str] = field(default_factory=list)  # sorted, for prefix lookups
    by_facility: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_year: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # Facility terms (name, its number, town, district, region, street, postcode) → facilities.
    places: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    place_tokens: list[str] = field(default_factory=list)  # sorted, for prefix lookups

    @classmethod
    def build(cls, rows, facility_rows=()) -> SearchIndex:
        """Build from (id, surname, search_key, region, facility_id, status, birth_date,
        birth_year) rows and (id, *names and address parts) facility rows."""
        index = cls()
        for fid, *parts in facility_rows:
            for term in place_terms(*parts):
                index.places[term].add(fid)
        index.place_tokens = sorted(t for t in index.places if not t.isdigit())
        for pid, surname, key, region, facility_id, status, birth_date, year in rows:
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
            if year:
                index.by_year[str(year)].add(pid)
        index.tokens = sorted(index.postings)
        return index

    def _name_matches(self, term: str, found: Matches) -> None:
        def offer(pid: int, score: float, surname: bool, strong: bool) -> None:
            if pid not in found or (score, surname) > found[pid][:2]:
                found[pid] = (score, surname, strong)

        for pid in self.postings.get(term, ()):
            surname = term in self.entries[pid].surname_keys
            offer(pid, EXACT_SURNAME if surname else EXACT, surname, True)
        if len(term) >= MIN_PREFIX:
            for token in _starting_with(self.tokens, term):
                for pid in self.postings[token]:
                    offer(pid, PREFIX, False, True)
        if len(term) >= MIN_FUZZY:
            for token, score, _ in process.extract(
                term, self.tokens, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                for pid in self.postings[token]:
                    offer(pid, score * 0.8, False, False)

    def _place_matches(self, term: str) -> dict[int, tuple[float, bool]]:
        """Facility id → (score, strong) for one term."""
        found: dict[int, tuple[float, bool]] = {}

        def offer(facilities: set[int], score: float, strong: bool) -> None:
            for fid in facilities:
                if fid not in found or score > found[fid][0]:
                    found[fid] = (score, strong)

        offer(self.places.get(term, set()), PLACE_EXACT, True)
        if term.isdigit() or term[-1].isdigit():
            return found  # numbers and codes match exactly: «ИК-2» is not «ИК-22»
        if len(term) >= MIN_PLACE_PREFIX:
            for token in _starting_with(self.place_tokens, term):
                offer(self.places[token], PLACE_PREFIX, True)
        if len(term) >= MIN_FUZZY:
            for token, score, _ in process.extract(
                term, self.place_tokens, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                offer(self.places[token], score * 0.5, False)
        return found

    def _matches(self, term: str) -> TermMatches:
        """One query term's matches: people by name or birth year, facilities by their name,
        number, town, district, region, street or postcode (kept per facility: a region can
        hold thousands of people, who are expanded only when this term is the narrowest)."""
        people: Matches = {}
        if term.isdigit():
            for pid in self.by_year.get(term, ()):
                people[pid] = (EXACT, False, True)
        elif not term[-1].isdigit():
            self._name_matches(term, people)
        places = self._place_matches(term)
        size = len(people) + sum(len(self.by_facility.get(fid, ())) for fid in places)
        return TermMatches(people, places, size)

    def search(self, query: str, filters: Filters, today: date, limit: int = 50) -> list[int]:
        """Ids of the best matches, best first: exact surnames, then score, then name.

        Every term of the query must match something of the person: their name in either
        script (typos tolerated), their year of birth, or their facility's name, number, town,
        district, region, street or postcode.
        """
        terms = query_terms(query)
        if terms:
            matches = (self._matches(term) for term in dict.fromkeys(terms))
            per_term = sorted(matches, key=lambda term: term.size)
            narrowest = per_term[0]
            candidates = set(narrowest.people)
            for fid in narrowest.places:
                candidates.update(self.by_facility.get(fid, ()))
            # Each person's sort key: exact surname first, then the summed score, then the name.
            ranked: dict[int, tuple[bool, float, str]] = {}
            strong: dict[int, tuple[bool, float, str]] = {}
            for pid in candidates:
                entry = self.entries[pid]
                surname, total, all_strong = False, 0.0, True
                for term in per_term:
                    found = term.people.get(pid)
                    by_place = term.places.get(entry.facility_id)
                    if by_place is not None and (found is None or by_place[0] > found[0]):
                        found = (by_place[0], False, by_place[1])
                    if found is None:
                        break  # every term must match something of the person
                    surname, total = surname or found[1], total + found[0]
                    all_strong = all_strong and found[2]
                else:
                    ranked[pid] = (not surname, -total, entry.sort_name)
                    if all_strong:
                        strong[pid] = ranked[pid]
            # When some people match every term exactly or by its beginning, a typo-level
            # likeness ("Mironov" ~ Смирнова) is noise: keep only the strong matches.
            if strong:
                ranked = strong
        elif query.strip():
            ranked = {}  # only signs, no word or number: nothing was asked for
        else:
            ranked = None  # no query: everyone the filters let through, by name
        window = birthday_window(today, filters.birthday_within_days)
        people = self.entries if ranked is None else ranked
        allowed = [pid for pid in people if _passes(self.entries[pid], filters, window)]
        # Only the first ``limit`` are ordered: a town or a region can match thousands.
        if ranked is None:
            return heapq.nsmallest(limit, allowed, key=lambda pid: self.entries[pid].sort_name)
        return heapq.nsmallest(limit, allowed, key=ranked.__getitem__)


def _starting_with(tokens: list[str], prefix: str):
    """The sorted ``tokens`` that start with ``prefix`` (not the prefix itself)."""
    start = bisect.bisect_right(tokens, prefix)
    for token in tokens[start:]:
        if not token.startswith(prefix):
            break
        yield token


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
                    Prisoner.birth_year,
                ).outerjoin(Facility, Prisoner.facility_id == Facility.id)
            ).all()
            facility_rows = session.execute(
                select(
                    Facility.id,
                    Facility.name,
                    Facility.locality,
                    Facility.district,
                    Facility.region,
                    Facility.street,
                    Facility.postcode,
                    Facility.name_en,
                    Facility.address_en,
                )
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
    ids = index.search(query, filters or Filters(), today, limit)
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
