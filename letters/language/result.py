"""What a check returns: verdicts, language codes, finding kinds and the result dataclasses.

Everything here is plain data so the web UI, the JSON API and the command line can share one
shape: ``CheckResult.to_dict()`` is the JSON object they all send.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Verdicts, from best to worst.
OK = "ok"
WARN = "warn"
REJECT = "reject"
VERDICTS = (OK, WARN, REJECT)

# Language codes a result may name. "ru-translit" is Russian typed in Latin letters; "mixed" is
# Russian with substantial passages in another language; "unknown" is text we cannot place.
LANGUAGES = (
    "ru",
    "ru-translit",
    "uk",
    "be",
    "bg",
    "sr",
    "mk",
    "rue",
    "kk",
    "ky",
    "tt",
    "ba",
    "mn",
    "en",
    "de",
    "fr",
    "pl",
    "cs",
    "es",
    "it",
    "pt",
    "nl",
    "lt",
    "lv",
    "et",
    "fi",
    "sv",
    "ka",
    "he",
    "da",
    "nb",
    "sk",
    "sl",
    "hr",
    "hu",
    "ro",
    "tr",
    "ca",
    "eu",
    "sq",
    "id",
    "mixed",
    "unknown",
)

# Finding kinds. Each names one reason the censor may stop the letter or one thing to check.
EMPTY = "empty"  # nothing to read: blank, or only emoji, digits and punctuation
UNUSABLE = "unusable"  # binary-looking, NUL bytes, too large to be a letter, or not recognisable
CONTROL_CHARACTER = "control_character"  # stray invisible control characters (removed in the fix)
LOOKALIKE = "lookalike"  # a Latin letter inside a Cyrillic word or the reverse
FOREIGN_LETTERS = "foreign_letters"  # a word with letters Russian does not use (і, ў, ј, ә …)
FOREIGN_LANGUAGE = "foreign_language"  # a word or passage in another language
LATIN = "latin"  # Latin-letter words we cannot place (a name, a brand): write them in Cyrillic
TRANSLIT = "translit"  # Russian typed in Latin letters; the suggestion is the Cyrillic spelling
UNKNOWN_WORD = "unknown_word"  # a Cyrillic word that is not a Russian word form (typo, name)
RISK = "risk"  # a topic, contact detail or word the prisoners' support guides advise against
LENGTH = "length"  # longer than a service accepts; the span is the part past the limit
UNPRINTABLE = "unprintable"  # an emoji or symbol the print font lacks (removed in the fix)

KINDS = (
    EMPTY,
    UNUSABLE,
    CONTROL_CHARACTER,
    LOOKALIKE,
    FOREIGN_LETTERS,
    FOREIGN_LANGUAGE,
    LATIN,
    TRANSLIT,
    UNKNOWN_WORD,
    RISK,
    LENGTH,
    UNPRINTABLE,
)


@dataclass(frozen=True)
class Finding:
    """One thing to point at in the letter: ``text == input[start:end]``.

    ``topic`` (for ``risk`` findings: the lexicon topic id, ``phone``, ``link`` …) is kept for
    callers that group findings but is not part of the JSON object.
    """

    kind: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None
    topic: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this finding."""
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Stats:
    """Counts shown next to the letter."""

    chars: int
    words: int
    russian_word_share: float
    a4_pages: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for these counts."""
        return {
            "chars": self.chars,
            "words": self.words,
            "russian_word_share": self.russian_word_share,
            "a4_pages": self.a4_pages,
        }


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`letters.language.check`."""

    verdict: str
    language: str
    findings: list[Finding]
    fixed_text: str
    stats: Stats
    # The language's name in the interface's language and its own name («немецкий язык»,
    # "Deutsch"), when it has them: what a writer turned away is told, and what a
    # translators' offer can name.
    language_name: str | None = None
    language_autonym: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object the UI, the API and the command line send."""
        return {
            "verdict": self.verdict,
            "language": self.language,
            "language_name": self.language_name,
            "language_autonym": self.language_autonym,
            "findings": [finding.to_dict() for finding in self.findings],
            "fixed_text": self.fixed_text,
            "stats": self.stats.to_dict(),
        }
