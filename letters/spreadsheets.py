"""CSV files that spreadsheet programs open without running anything (OWASP "CSV injection").

A cell that starts with ``= + - @``, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets; directory data and letter files come from outside, so every CSV
the app writes goes through ``writer``/``dict_writer``, which put a ``'`` before such a cell.
A spreadsheet may also split the file on another separator than ours (Excel in Russian and
German uses ``;``, its import also offers tab and space): «ФКУ ИК-55;=cmd|…» would become a
cell starting with ``=``, and quoting ours does not help once the line is split on ``;``. So
the ``'`` also goes after every such separator (and the spaces or quotes after it) that a
formula follows. The same is done before a ``'`` already there, so ``restore`` undoes it
exactly: ``letters directory export`` imports again without changing anything.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# Where a spreadsheet may start a cell: the start, and after any separator it may split on.
# Spaces and quotes may come between the separator and the formula (a spreadsheet may trim
# them, or read a quoted cell). ESCAPE is neither, so the escapes never move a cell's start.
_CELL_START = r"(^|[,;\t\n\r |])"
_BEFORE_FORMULA = r"""(?=[ "]*[=+\-@\t\r'])"""
_FORMULA_AT_CELL_START = re.compile(_CELL_START + _BEFORE_FORMULA)
_ESCAPED_AT_CELL_START = re.compile(_CELL_START + ESCAPE + _BEFORE_FORMULA)


def neutralise(value: Any) -> Any:
    """``value`` as a cell no spreadsheet runs as a formula, however it splits the line."""
    if isinstance(value, str):
        return _FORMULA_AT_CELL_START.sub(r"\1" + ESCAPE, value)
    return value


def restore(value: Any) -> Any:
    """Undo ``neutralise`` (a ``'`` is removed only where ``neutralise`` put one)."""
    if isinstance(value, str):
        return _ESCAPED_AT_CELL_START.sub(r"\1", value)
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
