"""Look-alike letters: a Latin «a» typed inside a Russian word, a Cyrillic «о» inside «Hello».

A censor sees a word spelt in two alphabets as possible code, and a search for names fails on
it, so such words are respelt in one alphabet and reported.
"""

from __future__ import annotations

from letters.language.alphabets import CYRILLIC_SCRIPT, LATIN_SCRIPT, script_of

# Latin letters that print like a Russian letter.
LATIN_TO_CYRILLIC: dict[str, str] = {
    "A": "А",
    "a": "а",
    "B": "В",
    "C": "С",
    "c": "с",
    "E": "Е",
    "e": "е",
    "H": "Н",
    "K": "К",
    "k": "к",
    "M": "М",
    "O": "О",
    "o": "о",
    "P": "Р",
    "p": "р",
    "T": "Т",
    "X": "Х",
    "x": "х",
    "Y": "У",
    "y": "у",
    "ë": "ё",
    "Ë": "Ё",
}

# Cyrillic letters that print like a Latin letter (including Ukrainian і and Serbian ј, which
# a Cyrillic keyboard layout slips into English words).
CYRILLIC_TO_LATIN: dict[str, str] = {
    cyr: lat for lat, cyr in LATIN_TO_CYRILLIC.items() if lat not in "Yy"
} | {"у": "y", "і": "i", "І": "I", "ј": "j", "Ј": "J", "ѕ": "s", "Ѕ": "S", "г": "r", "п": "n"}

# The lowercase г and п are only loose look-alikes: use them to finish a Latin word that is
# otherwise all Latin, never as the reason to call a word mixed.


def _counts(word: str) -> tuple[int, int]:
    cyr = sum(1 for char in word if script_of(char) == CYRILLIC_SCRIPT)
    lat = sum(1 for char in word if script_of(char) == LATIN_SCRIPT)
    return cyr, lat


def fix_word(word: str) -> str | None:
    """Respell a word mixing Cyrillic and Latin letters in one alphabet, or None if impossible.

    The minority alphabet is converted to the majority one (Cyrillic on a tie: these are
    Russian letters). None means some letter has no look-alike, e.g. «ш» inside a Latin word.
    """
    cyr, lat = _counts(word)
    if not cyr or not lat:
        return None
    order = (CYRILLIC_SCRIPT, LATIN_SCRIPT) if cyr >= lat else (LATIN_SCRIPT, CYRILLIC_SCRIPT)
    for target in order:
        table = LATIN_TO_CYRILLIC if target == CYRILLIC_SCRIPT else CYRILLIC_TO_LATIN
        source = LATIN_SCRIPT if target == CYRILLIC_SCRIPT else CYRILLIC_SCRIPT
        out = []
        for char in word:
            if script_of(char) == source:
                if char not in table:
                    break
                out.append(table[char])
            else:
                out.append(char)
        else:
            return "".join(out)
    return None


def latin_as_cyrillic(word: str) -> str | None:
    """A fully Latin word spelt only with Cyrillic look-alikes («Bce», «HET») in Cyrillic."""
    out = []
    for char in word:
        if script_of(char) != LATIN_SCRIPT:
            out.append(char)
        elif char in LATIN_TO_CYRILLIC:
            out.append(LATIN_TO_CYRILLIC[char])
        else:
            return None
    return "".join(out)
