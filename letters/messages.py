"""Translated messages for code that must not depend on Flask.

The language checker, the address parser and the PDF renderer are plain Python: they return
messages in a caller-chosen locale through the same Babel catalogues the web UI uses.
Mark a message with ``N_`` where it is defined and translate it with ``translator(locale)``
where it is produced.
"""

from __future__ import annotations

from collections.abc import Callable
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
