"""Alphabets: which letters Russian uses and which letters point to another language."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

RUSSIAN_LOWER = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")

# Cyrillic letters Russian does not use, with the languages that do. A letter shared by
# several languages counts for each of them; the words around it settle which one.
CYRILLIC_FOREIGN: dict[str, tuple[str, ...]] = {
    # Kazakh writes і too, but always beside its other letters (ә, қ, ұ …) or in words its
    # profile lists; counting і for Kazakh would only blur Ukrainian and Belarusian.
    "і": ("uk", "be"),
    "ї": ("uk",),
    "є": ("uk",),
    "ґ": ("uk",),
    "ў": ("be",),
    "ј": ("sr", "mk"),
    "љ": ("sr", "mk"),
    "њ": ("sr", "mk"),
    "џ": ("sr", "mk"),
    "ћ": ("sr",),
    "ђ": ("sr",),
    "ѓ": ("mk",),
    "ќ": ("mk",),
    "ѕ": ("mk",),
    "ә": ("kk", "tt", "ba"),
    "ө": ("kk", "ky", "tt", "ba", "mn"),
    "ү": ("kk", "ky", "tt", "ba", "mn"),
    "ң": ("kk", "ky", "tt", "ba"),
    "һ": ("kk", "tt", "ba"),
    "ғ": ("kk", "ba"),
    "қ": ("kk",),
    "ұ": ("kk",),
    "җ": ("tt",),
    "ҡ": ("ba",),
    "ҙ": ("ba",),
    "ҫ": ("ba",),
}

# Russian letters a language never writes: a word holding one cannot be in that language.
# (Belarusian has no и, щ, ъ; Ukrainian no ы, э, ё, ъ; Serbian and Macedonian none of the
# soft-vowel letters, which they spell with ј.)
FORBIDDEN: dict[str, frozenset[str]] = {
    "uk": frozenset("ыэёъ"),
    "be": frozenset("ищъ"),
    "bg": frozenset("ыэё"),
    "sr": frozenset("йщъыьэюяё"),
    "mk": frozenset("йщъыьэюяё"),
}

# Every letter each Cyrillic neighbour writes beyond the Russian alphabet. A text whose special
# letters a language lacks is not in that language: Tatar has no қ, Kyrgyz no ә, Mongolian
# no ң.
ALPHABET_EXTRAS: dict[str, frozenset[str]] = {
    "uk": frozenset("іїєґ"),
    "be": frozenset("іў"),
    "bg": frozenset("ѝ"),
    "sr": frozenset("јљњћђџ"),
    "mk": frozenset("јљњѓќѕџ"),
    "rue": frozenset("іїєґ"),
    "kk": frozenset("әғқңөұүһі"),
    "ky": frozenset("ңөү"),
    "tt": frozenset("әөүҗңһ"),
    "ba": frozenset("әөүғҡңҙҫһ"),
    "mn": frozenset("өү"),
}

# Latin letters with diacritics and the languages that use them.
LATIN_FOREIGN: dict[str, tuple[str, ...]] = {
    "ą": ("pl",),
    "ę": ("pl",),
    "ł": ("pl",),
    "ś": ("pl",),
    "ź": ("pl",),
    "ż": ("pl",),
    "ń": ("pl",),
    "ć": ("pl", "sr"),
    "đ": ("sr",),
    "ó": ("pl",),  # Czech writes ó only in a few loanwords
    "ě": ("cs",),
    "ř": ("cs",),
    "ů": ("cs",),
    "ť": ("cs",),
    "ď": ("cs",),
    "ň": ("cs",),
    "č": ("cs", "sr"),
    "š": ("cs", "sr"),
    "ž": ("cs", "sr"),
    "á": ("cs",),
    "í": ("cs",),
    "ý": ("cs",),
    "ú": ("cs",),
    "ä": ("de",),
    "ö": ("de",),
    "ü": ("de",),
    "ß": ("de",),
    "é": ("fr", "cs"),
    "è": ("fr",),
    "ê": ("fr",),
    "à": ("fr",),
    "â": ("fr",),
    "ç": ("fr",),
    "œ": ("fr",),
    "î": ("fr",),
    "ï": ("fr",),
    "ô": ("fr",),
    "ù": ("fr",),
    "û": ("fr",),
    "ÿ": ("fr",),
}

CYRILLIC_SCRIPT = "cyrillic"
LATIN_SCRIPT = "latin"
MIXED_SCRIPTS = "mixed"
OTHER_SCRIPT = "other"


def script_of(char: str) -> str:
    """``cyrillic``, ``latin`` or ``other`` for one letter (by its Unicode name)."""
    if "\u0400" <= char <= "\u052f":
        return CYRILLIC_SCRIPT
    if char.isascii():
        return LATIN_SCRIPT if char.isalpha() else OTHER_SCRIPT
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return LATIN_SCRIPT
    if name.startswith("CYRILLIC"):
        return CYRILLIC_SCRIPT
    return OTHER_SCRIPT


@lru_cache(maxsize=50_000)
def word_script(word: str) -> str:
    """The script of a word's letters: ``cyrillic``, ``latin``, ``mixed`` or ``other``."""
    scripts = {script_of(char) for char in word if char.isalpha()}
    scripts.discard(OTHER_SCRIPT)
    if len(scripts) == 2:
        return MIXED_SCRIPTS
    if scripts:
        return scripts.pop()
    return OTHER_SCRIPT


def foreign_letters(word: str) -> list[str]:
    """Letters in ``word`` that Russian does not use (Cyrillic or accented Latin), in order."""
    seen: list[str] = []
    for char in word.lower():
        if (char in CYRILLIC_FOREIGN or char in LATIN_FOREIGN) and char not in seen:
            seen.append(char)
    return seen


# Letters only the Turkic languages and Mongolian use: beside them і is Kazakh, not Ukrainian.
# A word with only the letters several of them share (ө, ү …) could be any of them; the
# exclusive letters, the frequent words and the letter profiles of the whole text decide.
TURKIC = frozenset("әөүңһғқұҗҡҙҫ")


def letter_votes(word: str) -> dict[str, float]:
    """Languages the word's special letters point to, with weights summing to 1 (or nothing).

    Each special letter supports the languages that write it, except languages whose
    forbidden letters the word holds; the languages supported by the most letters share the
    vote. So «її» is Ukrainian, «ідзе» with ў-less Belarusian spelling stays open between
    Ukrainian and Belarusian, and «өзіңе» is Kazakh.
    """
    lower = word.lower()
    chars = set(lower)
    support: dict[str, int] = {}
    for char in chars:
        langs = CYRILLIC_FOREIGN.get(char) or LATIN_FOREIGN.get(char)
        if not langs:
            continue
        if char == "і" and chars & TURKIC:
            langs = ("kk",)
        for lang in langs:
            if not FORBIDDEN.get(lang, frozenset()) & chars:
                support[lang] = support.get(lang, 0) + 1
    if not support:
        return {}
    top = max(support.values())
    winners = sorted(lang for lang, count in support.items() if count == top)
    return dict.fromkeys(winners, 1.0 / len(winners))
