"""Files kept in the database in slices (batch zips, the pages of replies), so that every app
server serves them: servers share no disk, but they share the database.

A file is stored as rows of at most ``SLICE_SIZE`` bytes, numbered by ``part``, and read back
slice by slice, each in its own short query, so neither storing nor serving holds more than a
slice in a query.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.engine import Engine

SLICE_SIZE = 1024 * 1024


def slices(data: bytes) -> Iterator[tuple[int, bytes]]:
    """``data`` as (part, bytes) pairs, in order."""
    for part, start in enumerate(range(0, len(data), SLICE_SIZE)):
        yield part, data[start : start + SLICE_SIZE]


def stream(engine: Engine, model: type, **file) -> Iterator[bytes]:
    """The slices of the file whose key columns of ``model`` (a table of ``part`` and ``data``
    columns) have the values ``file``, in order."""
    part = 0
    while True:
        with engine.connect() as connection:
            data = connection.scalar(
                select(model.data).where(
                    model.part == part,
                    *(getattr(model, key) == value for key, value in file.items()),
                )
            )
        if data is None:
            return
        yield bytes(data)
        part += 1
