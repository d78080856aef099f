"""Translated messages for code that must not depend on Flask.

The language checker, the address parser and the PDF renderer are plain Python: they return
messages in a caller-chosen locale through the same Babel catalogues the web UI uses.
Mark a message with ``N_`` where it is defined and translate it with ``translator(locale)``
where it is produced.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
SUPPORTED_LOCALES = ("ru", "en")
DEFAULT_LOCALE = "ru"


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


@lru_cache(maxsize=len(SUPPORTED_LOCALES) + 1)
def _catalogue(locale: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS_DIR), [locale], domain="messages")


def translator(locale: str | None) -> Callable[[str], str]:
    """Return a gettext function for ``locale`` (falls back to the source text, English)."""
    if locale not in SUPPORTED_LOCALES:
        locale = DEFAULT_LOCALE
    return _catalogue(locale).gettext


@dataclass(frozen=True)
class StoredMessage:
    """A message kept in the database as its msgid and parameters (JSON), so that it is shown
    in each reader's language: why a letter is held, what an event in its history was.

    Text stored before messages were coded (plain English, or a coordinator's own words) is
    read back as it is (``loads``) and shown unchanged, unless it is itself a msgid.
    """

    msgid: str
    # A list parameter is shown joined with commas («surname, facility»).
    params: dict[str, str | list[str]] = field(default_factory=dict)
    translated: tuple[str, ...] = ()  # params that are message ids themselves («recipient's …»)

    def message(self, locale: str | None) -> str:
        """The message in ``locale``."""
        gettext = translator(locale)

        def shown(key: str, value: str | list[str]) -> str:
            items = value if isinstance(value, list) else [value]
            return ", ".join(gettext(item) if key in self.translated else item for item in items)

        params = {k: shown(k, v) for k, v in self.params.items()}
        text = gettext(self.msgid)
        return text % params if params and "%(" in text else text

    def __str__(self) -> str:
        return self.message("en")

    def dumps(self) -> str:
        """The JSON kept in the database."""
        data = {"msgid": self.msgid, "params": self.params, "translated": list(self.translated)}
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def loads(cls, stored: str):
        """From what ``dumps`` wrote (plain text kept as it is)."""
        try:
            data = json.loads(stored)
            return cls(data["msgid"], data.get("params") or {}, tuple(data.get("translated", ())))
        except (ValueError, KeyError, TypeError):
            return cls(stored)


def coded(msgid: str, **params: object) -> str:
    """``StoredMessage(msgid, params).dumps()``: a note to store, parameters as text."""
    return StoredMessage(msgid, {k: str(v) for k, v in params.items()}).dumps()
