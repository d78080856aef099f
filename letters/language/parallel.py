"""Checking many letters at once, on every core (for ``letters render`` and imports)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from letters.language.checker import check
from letters.language.result import CheckResult

# Below this, starting worker processes costs more than it saves.
MIN_PARALLEL = 200
CHUNK = 64


def _check_one(args: tuple[str, str]) -> CheckResult:
    text, locale = args
    return check(text, locale)


def check_many(
    texts: Sequence[str], locale: str = "ru", processes: int | None = None
) -> list[CheckResult]:
    """``check`` for each text, in order; in forked worker processes when there are many.

    The morphology dictionaries are loaded once, before forking, so workers share them.
    """
    workers = min(processes or os.cpu_count() or 1, max(1, len(texts) // CHUNK))
    if (
        len(texts) < MIN_PARALLEL
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [check(text, locale) for text in texts]
    check("Проверка", locale)  # load dictionaries and lexicons in the parent
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_check_one, [(t, locale) for t in texts], chunksize=CHUNK))
