"""Translated messages for code that must not depend on Flask.

The language checker, the address parser and the PDF renderer are plain Python: they return
messages in a caller-chosen locale through the same Babel catalogues the web UI uses.
Mark a message with ``N_`` where it is defined and translate it with ``translator(locale)``
where it is produced.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
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


def plural_translator(locale: str | None) -> Callable[[str, str, int], str]:
    """Return an ngettext function for ``locale``: the form a count takes in that language."""
    if locale not in SUPPORTED_LOCALES:
        locale = DEFAULT_LOCALE
    return _catalogue(locale).ngettext


def filled(text: str, params: Mapping[str, object]) -> str:
    """``text`` with its ``%(name)s`` placeholders filled from ``params`` (the one placeholder
    style of every message). Text that only looks like a message (a coordinator's own note
    with a percent sign) comes back as written."""
    if not params or "%(" not in text:
        return text
    try:
        return text % params
    except (KeyError, ValueError, TypeError):
        return text


class TranslatableError(ValueError):
    """An error shown in the reader's language: an English ``msgid`` (marked with ``N_``, so
    Babel extracts it) and its parameters, translated where it is shown (``message(locale)``).

    A subclass names its message in ``msgid``; ``translated_params`` are the parameters that
    are msgids themselves («recipient's address»). ``str()`` is the English text.
    """

    msgid: str
    translated_params: tuple[str, ...] = ()

    def __init__(self, msgid: str | None = None, /, **params: object):
        if msgid is not None:
            self.msgid = msgid
        self.params = params
        super().__init__(filled(self.msgid, params))

    def stored(self) -> StoredMessage:
        """The message as the database keeps it (why a letter is held)."""
        params = {k: v if isinstance(v, list) else str(v) for k, v in self.params.items()}
        return StoredMessage(self.msgid, params, self.translated_params)

    def message(self, locale: str | None = None) -> str:
        """The message in ``locale`` (Russian by default)."""
        return self.stored().message(locale)


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
    dates: tuple[str, ...] = ()  # params that are ISO dates, written out in the reader's language

    def message(self, locale: str | None) -> str:
        """The message in ``locale``."""
        gettext = translator(locale)

        def shown(key: str, value: str | list[str]) -> str:
            items = [str(item) for item in (value if isinstance(value, list) else [value])]
            if key in self.dates:
                return ", ".join(_long_date(item, locale) for item in items)
            return ", ".join(gettext(item) if key in self.translated else item for item in items)

        params = {k: shown(k, v) for k, v in self.params.items()}
        return filled(gettext(str(self.msgid)), params)

    def __str__(self) -> str:
        return self.message("en")

    def dumps(self) -> str:
        """The JSON kept in the database."""
        data = {"msgid": self.msgid, "params": self.params, "translated": list(self.translated)}
        if self.dates:
            data["dates"] = list(self.dates)
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def loads(cls, stored: str):
        """From what ``dumps`` wrote (plain text kept as it is)."""
        try:
            data = json.loads(stored)
            if not isinstance(data, dict) or not isinstance(data.get("params") or {}, dict):
                raise TypeError("not a stored message")
            return cls(
                data["msgid"],
                data.get("params") or {},
                tuple(data.get("translated", ())),
                tuple(data.get("dates", ())),
            )
        except (ValueError, KeyError, TypeError):
            return cls(stored)


def coded(msgid: str, **params: object) -> str:
    """``StoredMessage(msgid, params).dumps()``: a note to store, parameters as text (dates as
    ISO dates, shown in each reader's language)."""
    dates = tuple(k for k, v in params.items() if isinstance(v, date))
    text = {k: v.isoformat() if k in dates else str(v) for k, v in params.items()}
    return StoredMessage(msgid, text, dates=dates).dumps()


def _long_date(iso: str, locale: str | None) -> str:
    """«1 декабря 2026 г.» / "December 1, 2026"; text that is not an ISO date stays as it is."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    if locale not in SUPPORTED_LOCALES:
        locale = DEFAULT_LOCALE
    return format_date(day, "long", locale=locale)
