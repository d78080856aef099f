"""Make user text safe to print: NFC, invisible characters, glyph coverage, XML escaping.

ReportLab draws one glyph per code point and does no shaping, so text must be prepared before it
reaches a canvas or a Paragraph:

1. **NFC normalisation.** «й» or «ё» typed as a base letter plus a combining mark would print as
   two glyphs side by side; NFC composes them into the single precomposed letter.
2. **Line breaks** (``\\r\\n``, ``\\r``, U+2028, U+2029) become ``\\n``; tabs become a space.
3. **Invisible characters are removed**: zero-width spaces and joiners, word joiner, BOM, soft
   hyphen, bidi controls, emoji variation selectors and other control characters. They carry no
   words and some fonts draw them as boxes.
4. **Look-alike substitution**, only where the font lacks the original: typographic spaces
   (thin, narrow no-break, figure, en/em spaces) become a no-break or plain space, the
   non-breaking hyphen becomes ``-``.
5. **Coverage check.** Every remaining character must have a glyph in every face the text may be
   set in (looked up once per process in the TTF ``cmap``, see :mod:`letters.pdf.fonts`).
   Anything else — emoji, pictographs, scripts PT Serif lacks — is never printed as an empty box:
   by default :class:`~letters.pdf.errors.UnsupportedCharacters` names the characters so the
   writer can fix the text; with ``on_unsupported="drop"`` they are removed (and the doubled
   spaces this leaves are closed up), which suits batch jobs that must not stop.

**The replacement rule** (the same in the web check's one-click fix, in volunteer batches and in
``letters render``): each run of characters the font cannot draw — an emoji with the joiners,
variation selectors and skin-tone modifiers that hold it together counts as one — is removed;
where that leaves two spaces side by side, one is kept. The letter is then marked ``warn`` and
the removed characters are named (:func:`unprintable_runs`, :func:`remove_unprintable`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal
from xml.sax.saxutils import escape

from letters.pdf.errors import UnsupportedCharacters
from letters.pdf.fonts import common_coverage
from letters.pdf.typography import bind

OnUnsupported = Literal["error", "drop"]

_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029")
_LINE_BREAKS_SET = frozenset("\r\u2028\u2029\t")

# Zero-width and formatting characters that are deleted outright.
_INVISIBLE = re.compile(
    "["
    "\u00ad"  # soft hyphen
    "\u200b-\u200f"  # zero-width space, ZWNJ, ZWJ, LRM, RLM
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\ufe00-\ufe0f"  # variation selectors (emoji presentation)
    "\ufeff"  # byte order mark / zero-width no-break space
    "\U000e0100-\U000e01ef"  # variation selectors supplement
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters except \t and \n
    "]"
)

# Used only when the font cannot draw the original character.
_SUBSTITUTES: dict[str, str] = {
    "\u2007": "\u00a0",  # figure space
    "\u202f": "\u00a0",  # narrow no-break space (Russian typography between numbers)
    "\u2009": " ",  # thin space
    "\u200a": " ",  # hair space
    "\u2002": " ",  # en space
    "\u2003": " ",  # em space
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2008": " ",
    "\u205f": " ",  # medium mathematical space
    "\u3000": " ",  # ideographic space
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "\u2013",  # figure dash
    "\u2015": "\u2014",  # horizontal bar
}

_DOUBLE_SPACES = re.compile(r"[ \u00a0]{2,}")


def clean_text(text: str, fonts: tuple[str, ...], on_unsupported: OnUnsupported = "error") -> str:
    """Return ``text`` ready to print in ``fonts`` (not yet XML-escaped).

    Raises :class:`UnsupportedCharacters` listing every character none of the rules above can
    make printable, unless ``on_unsupported`` is ``"drop"``.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    text = _INVISIBLE.sub("", text)
    if _undrawable(fonts).search(text) is None:
        return text  # the usual case, checked at C speed
    covered = common_coverage(fonts)
    out: list[str] = []
    missing: dict[str, None] = {}  # ordered set: report in order of appearance
    for ch in text:
        if ch == "\n" or ord(ch) in covered:
            out.append(ch)
            continue
        sub = _SUBSTITUTES.get(ch)
        if sub is not None and all(ord(c) in covered for c in sub):
            out.append(sub)
        else:
            missing[ch] = None
    if missing and on_unsupported == "error":
        raise UnsupportedCharacters(list(missing))
    result = "".join(out)
    if missing:
        result = _DOUBLE_SPACES.sub(lambda m: m.group(0)[0], result)
    return result


@functools.cache
def _undrawable(fonts: tuple[str, ...]) -> re.Pattern[str]:
    """A character ``clean_text`` does not keep as it is: one some font lacks, other than ``\n``.

    Searching a text for it is an order of magnitude quicker than testing each character in a
    set, and every letter's text and every address part is tested before it is printed."""
    drawable = sorted(frozenset(map(chr, common_coverage(fonts))) | {"\n"})
    return re.compile("[^" + "".join(map(re.escape, drawable)) + "]")


# What holds an emoji sequence together: joiners, variation selectors, skin-tone modifiers and
# the keycap mark. They go with the characters around them.
_CLOSING = frozenset(".,!?;:)»…\n")
_EMOJI_GLUE = frozenset("\u200d\ufe0e\ufe0f\u20e3") | {chr(c) for c in range(0x1F3FB, 0x1F400)}


def unprintable_runs(text: str, fonts: tuple[str, ...]) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of ``text`` the replacement rule removes (see the module).

    A run is the characters none of :func:`clean_text`'s rules can print, with the emoji glue
    between and after them; a space after a run is included when a space also precedes it, so
    removing the run never leaves two spaces.
    """
    if _undrawable(fonts).search(text) is None:
        return []
    covered = common_coverage(fonts)

    def unprintable(ch: str) -> bool:
        if ch == "\n" or ord(ch) in covered or _INVISIBLE.fullmatch(ch) or ch in _LINE_BREAKS_SET:
            return False
        sub = _SUBSTITUTES.get(ch)
        return sub is None or not all(ord(c) in covered for c in sub)

    runs: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        if not unprintable(text[i]):
            i += 1
            continue
        start = i
        while i < n and (unprintable(text[i]) or text[i] in _EMOJI_GLUE):
            i += 1
        end = i
        if end < n and text[end] == " " and (start == 0 or text[start - 1] in " \n"):
            end += 1
        elif start and text[start - 1] == " " and (end == n or text[end] in _CLOSING):
            start -= 1  # «дела 👍!» → «дела!»
        runs.append((start, end))
        i = end
    return runs


def remove_unprintable(text: str, fonts: tuple[str, ...]) -> tuple[str, list[str]]:
    """``text`` with every unprintable run removed, and the runs removed (in order, once each)."""
    runs = unprintable_runs(text, fonts)
    if not runs:
        return text, []
    out, last = [], 0
    for start, end in runs:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    removed = list(dict.fromkeys(text[s:e].strip() for s, e in runs))
    return "".join(out), removed


def unsupported_characters(text: str, fonts: tuple[str, ...]) -> list[str]:
    """Characters of ``text`` that :func:`clean_text` would reject (a prisoner card shows them
    by their code instead)."""
    try:
        clean_text(text, fonts)
    except UnsupportedCharacters as exc:
        return exc.chars
    return []


def markup(text: str) -> str:
    """Escape cleaned text for a Platypus Paragraph, keeping single line breaks as ``<br/>``
    and binding what must not be split across lines (:func:`letters.pdf.typography.bind`)."""
    return "<br/>".join(escape(bind(line)) for line in text.split("\n"))


def paragraphs(text: str) -> list[str]:
    """Split cleaned text into paragraphs at blank lines, trimming surrounding blank lines."""
    blocks = re.split(r"\n(?:[ \u00a0]*\n)+", text)
    return [b.strip(" \u00a0\n") for b in blocks if b.strip()]
