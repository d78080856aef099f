"""Where a line must not break: an abbreviation stays with its word, a dash with the word before.

A reader stumbles on «…по г.» at the end of a line with «Москве» on the next, and a postman on
«кв. 356, г.» | «Петропавловск-Камчатский»; a line that starts with «—» reads as dialogue.
:func:`bind` puts a no-break space (U+00A0) where a line must not break, and every renderer
honours it: Platypus paragraphs (letters, prisoner cards, postcards) natively, the envelope and
label blocks through :func:`letters.pdf.fit.wrap`.

* before its word: «г.», «ул.», «д.», «кв.», «п.», «пос.», «с.», «пер.», «пр.», «№»;
* after its word: «р-н», «обл.», and «г.» after a number («1993 г. р.», «в 2020 г.»);
* a dash (— or –, or a hyphen between spaces) after the word before it.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# Each pattern starts at the space it replaces, and runs only when its words are in the text:
# every paragraph of every letter goes through here.
# (The lookahead names the letters a match can start with, so that the engine skips to them
# instead of trying the lookbehind at every character: a third of the time.)
_BEFORE_WORD = re.compile(
    r"(?=[гГуУдДкКпПсС№])"
    r"(?:(?<![\w.-])([гГ]|[уУ]л|[дД]|[кК]в|[пП]|[пП]ос|[сС]|[пП]ер|[пП]р)\. +(?=\S)|(№) +(?=\S))"
)
_AFTER_WORD = re.compile(r" +(?=(?:р-н|обл\.)(?!\w))")
_AFTER_NUMBER = re.compile(r"(?<=\d) +(?=г\.)")
_DASH = re.compile(r" +(?=[—–-](?: |$))", re.MULTILINE)


def _keep_before(match: re.Match[str]) -> str:
    return match.group(0).rstrip(" ") + NBSP


def bind(text: str) -> str:
    """``text`` with a no-break space wherever a line must not break (see the module)."""
    if ". " in text or "№" in text:
        text = _BEFORE_WORD.sub(_keep_before, text)
    if "р-н" in text or "обл." in text:
        text = _AFTER_WORD.sub(NBSP, text)
    if " г." in text:
        text = _AFTER_NUMBER.sub(NBSP, text)
    if "—" in text or "–" in text or " -" in text:
        text = _DASH.sub(NBSP, text)
    return text
