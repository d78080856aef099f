"""CSV files that spreadsheet programs open without running anything (OWASP "CSV injection").

A cell that starts with ``= + - @``, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets; directory data and letter files come from outside, so every CSV
the app writes goes through ``writer``/``dict_writer``, which put a ``'`` before such a cell.
The same is done to a cell that already starts with ``'``, so ``restore`` undoes it exactly:
``letters directory export`` imports again without changing anything.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def neutralise(value: Any) -> Any:
    """``value`` as a cell no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith((*FORMULA_START, ESCAPE)):
        return ESCAPE + value
    return value


def restore(value: Any) -> Any:
    """Undo ``neutralise`` (a ``'`` is removed only before what ``neutralise`` escapes)."""
    if (
        isinstance(value, str)
        and value.startswith(ESCAPE)
        and value[1:].startswith((*FORMULA_START, ESCAPE))
    ):
        return value[1:]
    return value


class _Writer:
    def __init__(self, inner):
        self._inner = inner

    def writerow(self, row: Iterable[Any]):
        return self._inner.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _DictWriter:
    def __init__(self, inner: csv.DictWriter):
        self._inner = inner

    def writeheader(self):
        return self._inner.writeheader()

    def writerow(self, row: Mapping[str, Any]):
        return self._inner.writerow({key: neutralise(value) for key, value in row.items()})


def writer(handle, **options) -> _Writer:
    """``csv.writer`` whose cells are neutralised."""
    return _Writer(csv.writer(handle, **options))


def dict_writer(handle, fieldnames, **options) -> _DictWriter:
    """``csv.DictWriter`` whose cells are neutralised."""
    return _DictWriter(csv.DictWriter(handle, fieldnames=fieldnames, **options))
