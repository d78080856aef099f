"""Every path that reads a stranger's text takes time in proportion to it (issue 22).

Not a time limit: each path is timed on 1,000, 10,000 and 100,000 characters of the same
adversarial shape, and the test fails when ten times the text takes far more than ten times
the time (a quadratic pattern takes a hundred times). CPU time, the best of several runs, and a
generous slack keep it steady on a loaded two-core CI. The shapes are those that once made a
pattern or a loop quadratic: the address parser's sentence end (any long word or run of
punctuation), the language check's overlap test (numbers), and their neighbours.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from itertools import pairwise

import pytest

from letters.directory.address import AddressParseError, parse_address
from letters.directory.models import PrisonerStatus
from letters.directory.names import IncompleteName, to_dative, to_nominative
from letters.directory.search import Filters, SearchIndex, fold_words
from letters.directory.transliteration import name_in_cyrillic, search_key
from letters.language import check
from letters.language.raw_input import run_check

SIZES = (1_000, 10_000, 100_000)
# Ten times the text may take at most this many times the time (linear: about 10).
GROWTH_LIMIT = 30
# Below this a run is too short to time (timer and cache noise): it counts as this long.
FLOOR_SECONDS = 0.002
# name: (unit, end): the unit repeated, then the end («x x x … @»: a pattern that looks for
# the «@» from every word).
SHAPES = {
    "dashes": ("-", ""), "full stops": (".", ""), "punctuation": ("!?,;:", ""),
    "brackets": ("(", ""), "numbers": ("123456 ", ""), "one number": ("7", ""),
    "phone-like": ("+7 ", ""), "one Cyrillic word": ("ж", ""), "one Latin word": ("x", ""),
    "alternating scripts": ("жx", ""), "alternating words": ("жар hot ", ""),
    "hyphenated": ("ж-", ""), "quoted letters": ("«й»", ""), "sentences": ("Ж. ", ""),
    "degrees": ("°", ""), "apostrophes": ("x'", ""),
    # Found for issue 22 beside the two it named:
    "a long word, then @": ("x", " @"), "labels, then a domain": ("a.", " .ru"),
    "hyphens, then a domain": ("a-", " .ru"), "line breaks": ("\n", "ж"),
    "spaces and line breaks": (" \n", "ж"), "spaces, then a word": (" ", "ж"),
    "brackets and spaces": ("( ", "1990"), "full stops and line breaks": (".\n", "Ж"),
}  # fmt: skip


def _ignoring(*errors: type[Exception]) -> Callable[[Callable], Callable[[str], None]]:
    def wrap(function: Callable) -> Callable[[str], None]:
        def call(text: str) -> None:
            with suppress(*errors):  # a refusal is an answer too; only its time matters
                function(text)

        return call

    return wrap


def _search_index() -> SearchIndex:
    rows = [
        (number, surname, search_key.__wrapped__(f"{surname} Сергей"), "Москва", 1,
         PrisonerStatus.COLONY, date(1981, 5, number % 28 + 1), 1981)
        for number, surname in enumerate(["Миронов", "Перов", "Кара-Мурза", "Иванова", "Смирнов"])
    ]  # fmt: skip
    return SearchIndex.build(rows, [(1, "ФКУ ИК-2 УФСИН России", "г. Покров", None)])


_INDEX = _search_index()
PATHS: dict[str, Callable[[str], object]] = {
    "address parser": _ignoring(AddressParseError)(parse_address),
    "language check": check,
    "letters check (bytes)": lambda text: run_check(text.encode()),
    "dative name": _ignoring(IncompleteName)(to_dative),
    "nominative name": _ignoring(IncompleteName)(to_nominative),
    "name in Cyrillic": name_in_cyrillic,
    "search key": search_key.__wrapped__,  # the cache would time nothing
    "search": lambda text: _INDEX.search(text, Filters(), date(2026, 12, 1)),
    "search words": fold_words,
}


def _cpu_seconds(path: Callable[[str], object], text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        search_key.cache_clear()  # words met in an earlier run would come from the cache
        start = time.process_time()
        path(text)
        best = min(best, time.process_time() - start)
    return max(best, FLOOR_SECONDS)


def _growth(path: Callable[[str], object], unit: str, end: str) -> list[float]:
    # «ж» first: a text of spaces alone is refused before any pattern runs.
    texts = ["ж" + (unit * (size // len(unit) + 1))[: size - len(end) - 1] + end for size in SIZES]
    repeats = (5, 3, 2)  # fewer of the longer runs, which vary less
    times = [_cpu_seconds(path, text, n) for text, n in zip(texts, repeats, strict=True)]
    return [later / earlier for earlier, later in pairwise(times)]


@pytest.mark.parametrize("path", sorted(PATHS))
def test_ten_times_the_text_takes_about_ten_times_the_time(path):
    too_slow = {}
    for shape, (unit, end) in SHAPES.items():
        growth = _growth(PATHS[path], unit, end)
        if max(growth) > GROWTH_LIMIT:
            growth = _growth(PATHS[path], unit, end)  # once more: another process may have run
        if max(growth) > GROWTH_LIMIT:
            too_slow[shape] = [round(g, 1) for g in growth]
    assert too_slow == {}, f"{path}: time grows faster than the text: {too_slow}"
