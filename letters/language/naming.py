"""The name of the language a letter is in, once the check knows it is not Russian.

Only a turned-away letter is named, so none of this costs a Russian letter anything. A text
in Latin letters is named by the letter n-gram profiles of twenty-six languages
(``data/ngrams_latin.json``, counted from Debian's translation catalogues like the Cyrillic
ones, rebuilt by ``benchmarks/language_eval/make_latin_ngrams.py``); Georgian and Hebrew by
their own alphabets; the Cyrillic neighbours are named by ``neighbours``. Each language also
has its own name (``AUTONYMS``), shown to the writer beside the interface's name for it:
«немецкий язык (Deutsch)».
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

from letters.language.alphabets import LATIN_SCRIPT, OTHER_SCRIPT
from letters.language.languages import RU_TRANSLIT, Word
from letters.language.profiles import LATIN_LANGUAGES

_DATA = Path(__file__).resolve().parent / "data" / "ngrams_latin.json"

# Each language's name for itself, as its speakers write it at the head of a list.
AUTONYMS: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "pt": "Português",
    "nl": "Nederlands",
    "pl": "Polski",
    "cs": "Čeština",
    "lt": "Lietuvių",
    "lv": "Latviešu",
    "et": "Eesti",
    "fi": "Suomi",
    "sv": "Svenska",
    "uk": "Українська",
    "be": "Беларуская",
    "bg": "Български",
    "sr": "Српски",
    "mk": "Македонски",
    "rue": "Русиньскый",
    "kk": "Қазақша",
    "ky": "Кыргызча",
    "tt": "Татарча",
    "ba": "Башҡортса",
    "mn": "Монгол",
    "ka": "ქართული",
    "he": "עברית",
    "da": "Dansk",
    "nb": "Norsk",
    "sk": "Slovenčina",
    "sl": "Slovenščina",
    "hr": "Hrvatski",
    "hu": "Magyar",
    "ro": "Română",
    "tr": "Türkçe",
    "ca": "Català",
    "eu": "Euskara",
    "sq": "Shqip",
    "id": "Bahasa Indonesia",
}

# Alphabets only one language we name writes: a text in them is that language.
_OWN_ALPHABETS = (("\u10a0", "\u10ff", "ka"), ("\u0590", "\u05ff", "he"))
ALPHABET_LANGUAGES = frozenset(lang for _, _, lang in _OWN_ALPHABETS)

# Enough words to name a language; a long letter's first ones are as good as all of them.
_MAX_WORDS = 80
# A text needs this many words to be named by spelling, and the best profile must beat the
# next by this much (nats a word): a clear lead, not a guess between two close relatives
# («Ciao amico mio» leads Portuguese by 0.5). The development set's texts lead by 4.9 to 39.
_MIN_WORDS = 3
_MARGIN = 1.0
# A text whose letters and frequent words already named English, German, French, Polish or
# Czech is renamed only by a lead this wide: «Hello my friend» leads Italian by 1.0, and the
# frequent words are the better witness in so few words.
_OVERRULE = 2.0
# Written so nearly alike that a short text rarely shows a clear lead between them (Danish and
# Norwegian Bokmål): between these the better profile names the text, once it leads the rest.
_TWINS = frozenset({"da", "nb"})
# Below this log-likelihood per n-gram under the best profile a text is no language we know
# («asdf qwer zxcv»: -9.4 to -10; the development set's texts: -8.4 at worst).
_LEAST_LIKELY = -9.0
# At least this share of a Latin text's words read as Russian words: it is Russian translit.
_TRANSLIT_SHARE = 0.85


@cache
def _profiles() -> tuple[tuple[str, ...], dict[str, tuple[float, ...]], tuple[int, ...]]:
    """Languages, n-gram → log-probability per language (an n-gram no profile knows: each
    language's share for the unseen), and the n-gram lengths (loaded once, on the first letter
    named)."""
    # The log-probabilities are rounded to 0.01, so a few thousand values recur: one float
    # object for each (27 languages × 27,000 n-grams would otherwise take 20 MB more).
    shared: dict[str, float] = {}

    def parse_float(text: str) -> float:
        return shared.setdefault(text, float(text))

    data = json.loads(_DATA.read_text(encoding="utf-8"), parse_float=parse_float)
    grams = {gram: tuple(values) for gram, values in data["grams"].items()}
    grams[""] = tuple(data["unseen"])
    return tuple(data["languages"]), grams, tuple(data["orders"])


def latin_languages() -> tuple[str, ...]:
    """The Latin-script languages a text can be named."""
    return _profiles()[0]


@lru_cache(maxsize=20_000)
def _word_scores(word: str) -> tuple[tuple[float, ...], int]:
    """Log-likelihood of a lowercase Latin word under each profile, and its n-gram count."""
    langs, grams, orders = _profiles()
    unseen = grams[""]
    padded = f"<{word}>"
    rows = [
        grams.get(padded[i : i + n], unseen) for n in orders for i in range(len(padded) - n + 1)
    ]
    # Column sums in C, not a new tuple for every n-gram.
    return tuple(map(sum, zip(*rows, strict=True))) if rows else (0.0,) * len(langs), len(rows)


def latin_language(words: list[str], margin: float = _MARGIN) -> str | None:
    """The language a run of Latin words (as typed) is in, or None when no profile leads by
    ``margin`` nats a word (too few words, gibberish, two languages alike)."""
    lowered = [word.lower().replace("’", "'").replace("ʼ", "'") for word in words if len(word) > 1]
    lowered = lowered[:_MAX_WORDS]
    if len(lowered) < _MIN_WORDS:
        return None
    langs = latin_languages()
    scored = [_word_scores(word) for word in lowered]
    totals = tuple(map(sum, zip(*(scores for scores, _ in scored), strict=True)))
    grams = sum(count for _, count in scored)
    ranked = sorted(range(len(langs)), key=totals.__getitem__, reverse=True)
    runner_up = ranked[2] if {langs[ranked[0]], langs[ranked[1]]} == _TWINS else ranked[1]
    lead = (totals[ranked[0]] - totals[runner_up]) / len(lowered)
    if totals[ranked[0]] / grams < _LEAST_LIKELY or lead < margin:
        return None
    return langs[ranked[0]]


def own_alphabet_language(words: list[str]) -> str | None:
    """Georgian or Hebrew, when most of the letters are in its alphabet."""
    counts = dict.fromkeys((lang for _, _, lang in _OWN_ALPHABETS), 0)
    letters = 0
    for word in words:
        for char in word:
            if not char.isalpha():
                continue
            letters += 1
            for low, high, lang in _OWN_ALPHABETS:
                if low <= char <= high:
                    counts[lang] += 1
    best = max(counts, key=counts.__getitem__)
    return best if letters and counts[best] * 2 > letters else None


def foreign_language(words: list[Word], counted: str) -> str | None:
    """Name the language of a text the check turned away (``counted``: what the word counts
    made of it), or None. Latin words are named by their spelling, words in an alphabet of its
    own by it. A text taken for Russian in Latin letters keeps that reading when most of its
    words read as Russian words: real translit does (89-100 % of the words of the evaluation
    sets' translit texts), a text in another language does not (at most 77 % of the
    development set's)."""
    latin = [word for word in words if word.script == LATIN_SCRIPT]
    other = [word.norm for word in words if word.script == OTHER_SCRIPT]
    if len(other) > len(latin):
        return own_alphabet_language(other)
    if not latin:
        return None
    if counted == RU_TRANSLIT:
        longer = [word for word in latin if len(word.norm) > 1]
        reads = sum(1 for word in longer if word.cyrillic is not None)
        if reads >= _TRANSLIT_SHARE * len(longer):
            return None
    margin = _OVERRULE if counted in LATIN_LANGUAGES else _MARGIN
    return latin_language([word.norm for word in latin], margin)
