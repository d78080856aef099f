"""Rate limits: counters every process shares, and the limits pages count by hand.

Flask-Limiter keeps its counters in ``RATELIMIT_STORAGE_URI``: Redis when the app runs on several
servers, else :class:`SqliteStorage`, a file in the instance folder. The ``limits`` library
offers memory, Redis, Memcached and MongoDB stores only, and memory is per process: with two
gunicorn workers each counted alone, and every limit was doubled. SQLite, from the standard
library, is shared by every process of one machine, as the database and the job queue are.
"""

from __future__ import annotations

import ipaddress
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import ClassVar

from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import Storage

from letters.config import private_file
from letters.extensions import limiter

# Counters hold client addresses: a row is deleted as soon as its window has passed.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS counters_expiry ON counters (expires_at);
"""
BUSY_TIMEOUT_SECONDS = 10


class SqliteStorage(Storage):
    """Fixed-window counters (Flask-Limiter's default strategy, the only one the app uses) in one
    SQLite table; ``sqlite:////path/to/file`` names it. Each call opens its own connection, so
    the storage is safe across threads and gunicorn's forked workers."""

    STORAGE_SCHEME: ClassVar[list[str]] = ["sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path(uri.removeprefix("sqlite:///"))
        private_file(self.path)
        with closing(self._connect()) as connection:
            connection.executescript(_SCHEMA)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        # Deleted rows (client addresses) are zeroed; counters need no durability on a crash.
        connection.execute("PRAGMA secure_delete=ON")
        connection.execute("PRAGMA synchronous=OFF")
        return connection

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        with closing(self._connect()) as connection:
            connection.execute("BEGIN IMMEDIATE")  # one writer at a time: no lost increment
            connection.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
            (count,) = connection.execute(
                "INSERT INTO counters (key, count, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET count = count + excluded.count RETURNING count",
                (key, amount, now + expiry),
            ).fetchone()
            connection.execute("COMMIT")
        return count

    def _row(self, key: str) -> tuple[int, float] | None:
        with closing(self._connect()) as connection:
            return connection.execute(
                "SELECT count, expires_at FROM counters WHERE key = ? AND expires_at > ?",
                (key, time.time()),
            ).fetchone()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def check(self) -> bool:
        try:
            with closing(self._connect()) as connection:
                connection.execute("SELECT 1 FROM counters LIMIT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        with closing(self._connect()) as connection:
            return connection.execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with closing(self._connect()) as connection:
            connection.execute("DELETE FROM counters WHERE key = ?", (key,))


def client() -> str:
    """Who a limit counts: the client address (the proxy's ``X-Forwarded-For`` when trusted);
    for IPv6 its /64 network, which one household or machine holds whole."""
    address = get_remote_address()
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def first_over(limits: list[tuple[RateLimitItem | str, str, str]]) -> int | None:
    """Count one more against each ``(limit, scope, identifier)`` in turn; the position of the
    first one now over its limit, or None when all allowed it. Limits after a refusal are not
    counted: a client over its own limit must not use up a prisoner's."""
    for position, (limit, scope, identifier) in enumerate(limits):
        item = parse(limit) if isinstance(limit, str) else limit
        if not limiter.limiter.hit(item, scope, identifier):
            return position
    return None
