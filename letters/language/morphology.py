"""Russian morphology through pymorphy3: is this a Russian word form, and what are its lemmas.

The analyser takes about 0.2 s and 15 MB to load, so it is built once per process, on first
use, and every word's analysis is cached: letters repeat the same few hundred words.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3

_lock = threading.Lock()
_analyzer: pymorphy3.MorphAnalyzer | None = None

# Tags pymorphy3 gives dictionary forms that are misspellings, slang spellings or distortions
# («ето», «щас»): known, but not what a translit reader should pick first.
_DOUBTFUL_TAGS = frozenset({"Dist", "Erro", "Infr", "Slng", "Arch", "Abbr", "Init"})


def analyzer() -> pymorphy3.MorphAnalyzer:
    """The process-wide Russian analyser (built on first call; thread-safe)."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                _analyzer = pymorphy3.MorphAnalyzer(lang="ru")
    return _analyzer


@dataclass(frozen=True)
class WordInfo:
    """What the dictionary says about one lowercase word."""

    known: bool  # a form in the dictionary (not a guess from the ending)
    lemmas: frozenset[str]  # normal forms of every parse, ё written as е, plus the word itself
    doubtful: bool  # every parse is a distortion, slang spelling or abbreviation
    name: bool  # some parse is a first name, surname, patronymic or place
    score: float  # the best parse's probability


def _plain(word: str) -> str:
    return word.replace("ё", "е")


@lru_cache(maxsize=50_000)
def analyse(word: str) -> WordInfo:
    """Analyse one word (lowercase it first; ё and е are treated alike)."""
    morph = analyzer()
    parses = morph.parse(word)
    known = morph.word_is_known(word)
    lemmas = {_plain(word)}
    doubtful = bool(parses)
    name = False
    for parse in parses:
        lemmas.add(_plain(parse.normal_form))
        grammemes = parse.tag.grammemes
        if not grammemes & _DOUBTFUL_TAGS:
            doubtful = False
        if grammemes & {"Name", "Surn", "Patr", "Geox"}:
            name = True
    score = parses[0].score if parses else 0.0
    return WordInfo(known, frozenset(lemmas), doubtful, name, score)


@lru_cache(maxsize=50_000)
def _known(lower: str) -> bool:
    return analyzer().word_is_known(lower)


def is_known(word: str) -> bool:
    """Whether ``word`` (any case) is a Russian word form in the dictionary.

    A dictionary look-up only (a few microseconds), without the full analysis.
    """
    return _known(word.lower())


def forms_of(lemma: str) -> frozenset[str]:
    """Every dictionary form of ``lemma`` (lowercase, ё as е); just the lemma if unknown."""
    plain = _plain(lemma.lower())
    forms = {plain}
    for parse in analyzer().parse(lemma.lower()):
        if _plain(parse.normal_form) == plain:
            forms.update(_plain(form.word) for form in parse.lexeme)
    return frozenset(forms)


def lemmas(word: str) -> frozenset[str]:
    """Every normal form ``word`` may have (ё as е), including the lowercase word itself."""
    return analyse(word.lower()).lemmas
