"""Log lines without personal data: no letter text, address, search query or client address.

Writers may be at risk, and logs are copied, shipped and kept far longer than the database.
Errors are logged as *where* they happened (exception types, code lines, the SQL with its
parameters hidden) and never *what* was sent: exception messages may quote it (a database's
"Key (email)=(…) already exists", a parser's "cannot read …").
"""

from __future__ import annotations

import logging
import re
import traceback

from flask import Flask

CLIENT = "-"
# werkzeug's request line: '1.2.3.4 - - [date] "GET /prisoners?q=… HTTP/1.1" 200 -'
_ADDRESS_PREFIX = re.compile(r"^\S+ - - ")
_QUERY = re.compile(r"\?\S*")


def exception_summary(error: BaseException) -> str:
    """The exception chain as types, SQL (without parameters) and code lines; no messages."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines.extend(line.rstrip("\n") for line in traceback.format_tb(current.__traceback__))
        described = f"{type(current).__module__}.{type(current).__qualname__}"
        sqlstate = getattr(current, "sqlstate", None)
        if sqlstate:
            described += f" (SQLSTATE {sqlstate})"
        lines.append(described)
        statement = getattr(current, "statement", None)
        if isinstance(statement, str):
            lines.append(f"  SQL: {' '.join(statement.split())[:500]}")
        current = current.__cause__ or current.__context__
    return "\n".join(lines)


def log_failure(logger: logging.Logger, error: BaseException, what: str, *args) -> None:
    """Log that ``what`` failed with ``error``, as ``exception_summary`` describes it."""
    logger.error(what + "\n%s", *args, exception_summary(error))


class PersonalDataFilter(logging.Filter):
    """Takes client addresses, query strings and exception messages out of libraries' logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            # A library logging a traceback (the job queue's failed task): keep where, not what.
            record.msg = f"{record.msg}\n{exception_summary(record.exc_info[1])}"
            record.exc_info = None
            record.exc_text = None
        if record.name == "werkzeug" and isinstance(record.msg, str):
            record.msg = _ADDRESS_PREFIX.sub(f"{CLIENT} - - ", record.msg)
            if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
                record.args = (_QUERY.sub("", record.args[0]), *record.args[1:])
        elif (
            record.name == "flask-limiter"
            and str(record.msg).startswith("ratelimit")
            and isinstance(record.args, tuple)
            and len(record.args) == 3
        ):
            # "ratelimit %s (%s) exceeded at endpoint: %s": the middle one is the client address.
            record.args = (record.args[0], CLIENT, record.args[2])
        return True


def init_app(app: Flask) -> None:
    """Filter the loggers of libraries that would write client addresses, queries or data."""
    del app  # the loggers are process-wide; the filter is added once
    personal = PersonalDataFilter()
    for name in ("werkzeug", "flask-limiter", "huey", "huey.consumer"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, PersonalDataFilter) for f in logger.filters):
            logger.addFilter(personal)
