"""JSON from outside (the API, imported files): what Python's parser lets through but is not text.

``json.loads`` raises ``RecursionError`` (not ``ValueError``) on arrays nested thousands deep,
and turns a ``"\\ud800"`` escape into a lone surrogate, which no UTF-8 page, log line, database
or PDF can hold. Every reader of outside JSON parses with :func:`loads` (which refuses the
first) and refuses the second with :func:`has_lone_surrogate`, for the one row or field.
"""

from __future__ import annotations

import json
import re

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_REASON = (
    "contains a lone UTF-16 surrogate (a \\ud800–\\udfff escape without its pair), which is not "
    "text"
)
DEPTH_REASON = "invalid JSON: nested too deeply"


class JsonInputError(ValueError):
    """Outside JSON that cannot be used; ``line`` is where the parser stopped (1 when unknown)."""

    def __init__(self, reason: str, line: int = 1):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def has_lone_surrogate(value: object) -> bool:
    """True when a string anywhere in ``value`` (a parsed JSON value) holds a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if LONE_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def loads(text: str | bytes) -> object:
    """Parse ``text``; :class:`JsonInputError` when it is not JSON or nested too deeply."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise JsonInputError(f"invalid JSON: {error.msg}", error.lineno) from None
    except RecursionError:
        raise JsonInputError(DEPTH_REASON) from None
    except UnicodeDecodeError as error:  # bytes that are not UTF-8 (nor UTF-16/32)
        raise JsonInputError(f"not valid UTF-8: {error.reason}") from None
    return value
