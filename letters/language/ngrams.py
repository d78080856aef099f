"""Letter n-gram profiles: how Russian-like, Ukrainian-like, Serbian-like … a word's spelling is.

Each profile gives the log-probability of the letter 1- to 4-grams of words (edges marked
with ``<`` and ``>``) in one language, counted from translation catalogues of Debian packages
(``data/ngrams.json``, rebuilt by ``benchmarks/language_eval/make_ngrams.py``). Summed over
the words of a short text they tell related languages apart even when no letter Russian lacks
appears: «Вибрати всі» spells ``ви``/``бр`` the Ukrainian way, «Внесете валидна» the Bulgarian
way. Rusyn has no profile (too little text to count): it borrows its relatives', and its
letters and words name it.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "ngrams.json"


@cache
def _profiles() -> tuple[tuple[str, ...], dict[str, tuple[float, ...]], tuple[int, ...]]:
    """Languages, n-gram → log-probability per language, and the n-gram lengths counted
    (loaded once)."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    grams = {gram: tuple(values) for gram, values in data["grams"].items()}
    return tuple(data["languages"]), grams, tuple(data["orders"])


def languages() -> tuple[str, ...]:
    """The languages with a profile, in the order of :func:`word_scores`' values."""
    return _profiles()[0]


def _grams(word: str, orders: tuple[int, ...]) -> list[str]:
    padded = f"<{word}>"
    return [padded[i : i + n] for n in orders for i in range(len(padded) - n + 1)]


@lru_cache(maxsize=50_000)
def word_scores(word: str) -> tuple[float, ...]:
    """Log-likelihood of a lowercase Cyrillic word under each profile (see :func:`languages`).

    N-grams no profile knows (rare letters, digits) are skipped. Cached: letters repeat words.
    """
    langs, grams, orders = _profiles()
    totals = [0.0] * len(langs)
    for gram in _grams(word.replace("’", "'").replace("ʼ", "'"), orders):
        values = grams.get(gram)
        if values is None:
            continue
        for index, value in enumerate(values):
            totals[index] += value
    return tuple(totals)
