"""The Russian-language checker: will a prison censor let this letter through?

``check(text, locale)`` returns a :class:`CheckResult` whose ``to_dict()`` is the JSON object
the UI, the API and the command line share. Plain Python: no Flask.
"""

from letters.language.checker import LANGUAGE_NAMES, check
from letters.language.limits import (
    CHARS_PER_A4_PAGE,
    MAX_INPUT_CHARS,
    SERVICE_LIMITS,
    ServiceLimit,
    a4_pages,
)
from letters.language.result import (
    CONTROL_CHARACTER,
    EMPTY,
    FOREIGN_LANGUAGE,
    FOREIGN_LETTERS,
    KINDS,
    LANGUAGES,
    LATIN,
    LENGTH,
    LOOKALIKE,
    OK,
    REJECT,
    RISK,
    TRANSLIT,
    UNKNOWN_WORD,
    UNUSABLE,
    VERDICTS,
    WARN,
    CheckResult,
    Finding,
    Stats,
)

__all__ = [
    "CHARS_PER_A4_PAGE",
    "CONTROL_CHARACTER",
    "EMPTY",
    "FOREIGN_LANGUAGE",
    "FOREIGN_LETTERS",
    "KINDS",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LATIN",
    "LENGTH",
    "LOOKALIKE",
    "MAX_INPUT_CHARS",
    "OK",
    "REJECT",
    "RISK",
    "SERVICE_LIMITS",
    "TRANSLIT",
    "UNKNOWN_WORD",
    "UNUSABLE",
    "VERDICTS",
    "WARN",
    "CheckResult",
    "Finding",
    "ServiceLimit",
    "Stats",
    "a4_pages",
    "check",
]
