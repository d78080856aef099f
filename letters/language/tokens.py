"""Splitting a letter into words and sentences, with character offsets into the input.

Links, e-mail addresses and phone numbers are found first and kept out of the words: they are
risks of their own and their Latin letters are not a foreign language. Degrees («−5 °C») and a
single letter quoted to talk about it («буква «й»») are kept out too: they are not words, and
neither Latin nor Ukrainian.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

# A word: letters (with combining accents), joined inside by hyphens or apostrophes, and an
# optional final apostrophe after a Latin consonant — translit writes the soft sign that way
# («mat'», «pis'mo»).
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
# Letters and accents as runs of each (the same words as ``{_LETTER}+``): the engine takes a
# run of one class in one step, where the alternation was tried at every letter (a quarter
# slower). Greedy, not possessive: Python before 3.11.5 could get a possessive repeat of a
# group with alternatives wrong.
_LETTERS = r"(?:[^\W\d_]+|[\u0300-\u036f]+)+"
WORD_RE = re.compile(
    rf"{_LETTERS}(?:[-'’ʼ`]{_LETTERS})*(?:(?<=[bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ])['’ʼ](?!{_LETTER}))?"
)

# The domain and the e-mail address start only where a name starts (not inside a longer run of
# labels): tried at every letter of «a.a.a.a…» or «aaaa… @», the patterns took quadratic time,
# and a match found further in is found from the start all the same.
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"«»]+"
    r"|(?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*\.(?:ru|рф|su|com|org|net|info|io|me|ua|by|kz|"
    r"de|uk|eu|tv|online|site|app)\b(?:/[^\s<>\"«»]*)?",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Ten to fifteen digits with the usual separators: +7 (999) 123-45-67, 8 999 1234567.
PHONE_RE = re.compile(r"(?<![\w+])\+?\d(?:[\s\-().]{0,3}\d){9,14}(?![\w])")
# Cheap tests for what each of the three patterns needs: most letters have no link, e-mail or
# phone number, and running the full patterns over every letter took a fifth of the check's
# time. The domain test starts with a literal, so the engine jumps from full stop to full stop.
_DOMAIN_HINT_RE = re.compile(
    r"\.(?:ru|рф|su|com|org|net|info|io|me|ua|by|kz|de|uk|eu|tv|online|site|app)\b"
)
_DIGIT_RE = re.compile(r"\d")
# «°C», «° F», «℃»: a unit, not a Latin word.
UNIT_RE = re.compile(r"°\s?[CF](?![^\W\d_])|℃|℉")
# A letter quoted on its own: «й», "ы", ‘ё’ — the letter named, not a word of any language.
QUOTED_LETTER_RE = re.compile(r"(?<=[«„“\"'‘])[^\W\d_](?=[»“”\"'’])")
_QUOTES = frozenset("«„“\"'‘")
# Kinds of special span that are no risk, only not words.
NEUTRAL_SPAN_KINDS = frozenset({"unit", "letter"})


def _has_domain(lower: str) -> bool:
    return "www." in lower or _DOMAIN_HINT_RE.search(lower) is not None


_HINTS = {
    "email": lambda text: "@" in text,
    "url": lambda text: "://" in text or _has_domain(text.lower()),
    "phone": lambda text: _DIGIT_RE.search(text) is not None,
    "unit": lambda text: "°" in text or "℃" in text or "℉" in text,
    "letter": lambda text: not _QUOTES.isdisjoint(text),
}
# Sentence ends: terminal punctuation followed by space, or a line break. A colon, a semicolon
# or an opening quote also ends a clause: «Мама просила передать: …» introduces a quotation
# that may be in another language.
# (The last alternative starts at the first space only: tried at each, a long run of spaces
# took quadratic time.)
# (Every match starts with a space or a closing mark: the lookahead says so first, which lets the
# engine skip to those characters instead of trying the alternatives at each one.)
_SENTENCE_END_RE = re.compile(
    r"(?=[\s\"»”)])(?:(?<=[.!?…:;])[\"»”)]*\s+|\n\s*|(?<!\s)\s+(?=[«„“]))"
)
# Roman numerals («XIX век», «Николай II») are ordinary in Russian text.
ROMAN_RE = re.compile(r"(?=[IVXLCDM])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})")


@dataclass(frozen=True)
class Span:
    """A stretch of the input with its kind (``url``, ``email``, ``phone``; ``unit`` and
    ``letter``, which are :data:`NEUTRAL_SPAN_KINDS`)."""

    kind: str
    start: int
    end: int


def special_spans(text: str) -> list[Span]:
    """E-mail addresses, links, phone numbers, units and quoted letters in ``text``, without
    overlaps, in order."""
    spans: list[Span] = []
    # Starts and ends of the spans kept, in order (they never overlap, so both lists are
    # sorted): a bisection finds the one neighbour a match could overlap. Comparing each match
    # with every span kept took quadratic time on a letter of numbers.
    starts: list[int] = []
    ends: list[int] = []
    for kind, pattern in (
        ("email", EMAIL_RE), ("url", URL_RE), ("phone", PHONE_RE),
        ("unit", UNIT_RE), ("letter", QUOTED_LETTER_RE),
    ):  # fmt: skip
        if not _HINTS[kind](text):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            # A trailing full stop or comma ends the sentence, not the link.
            while end > start and text[end - 1] in ".,;:!?)":
                end -= 1
            before = bisect_left(starts, end)  # the spans starting before this one ends
            if before and ends[before - 1] > start:
                continue
            starts.insert(before, start)
            ends.insert(before, end)
            spans.append(Span(kind, start, end))
    return sorted(spans, key=lambda span: span.start)


def iter_words(text: str, skip: list[Span] | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for each word in ``text`` outside the ``skip`` spans."""
    if not skip:  # the usual case, without the per-word span test
        return ((m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text))
    return _words_outside(text, skip)


def _words_outside(text: str, skip: list[Span]) -> Iterator[tuple[int, int, str]]:
    index = 0
    for match in WORD_RE.finditer(text):
        start, end = match.span()
        while index < len(skip) and skip[index].end <= start:
            index += 1
        if index < len(skip) and skip[index].start < end:
            continue
        yield start, end, match.group()


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line, covering the whole text in order."""
    bounds = []
    last = 0
    for match in _SENTENCE_END_RE.finditer(text):
        bounds.append((last, match.start()))
        last = match.end()
    bounds.append((last, len(text)))
    return [(start, end) for start, end in bounds if end > start]
