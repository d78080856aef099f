"""Latin ↔ Cyrillic for names: Cyrillic guesses for Latin names, and a search key.

People search for prisoners the way they saw the name: «Миронов», "Mironov", "Sergei" or
"Sergey". ``search_key`` folds every common spelling of a Russian name, in either script, to the
same simplified Latin skeleton, so an index of keys can be matched exactly or fuzzily. It is pure
string work (a translate table and a handful of replaces): it runs on every query and on every
record of a directory of tens of thousands.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

# Each Cyrillic letter as plain Latin (close to what Memorial's English pages use).
_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


# search_key ---------------------------------------------------------------------------------
# Cyrillic goes first to plain Latin digraphs; then one folding pass treats both scripts alike.
_KEY_TABLE = str.maketrans({**_CYR_TO_LAT, "ё": "e", "й": "i", "ы": "y"})
_NON_LETTERS = re.compile(r"[^a-z ]+")
_DOUBLES = re.compile(r"([a-zЩЖЧШЦ])\1+")
_SPACES = re.compile(r"\s+")
_OFF = re.compile(r"of+\b")
_YO_AFTER_CONSONANT = re.compile(r"(?<=[bcdfghklmnprstvzh])yo")
# Order matters: longer digraphs are protected with placeholders before their parts are folded.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "Щ"),
    ("sch", "Щ"),
    ("zh", "Ж"),
    ("kh", "h"),
    ("ch", "Ч"),
    ("sh", "Ш"),
    ("tz", "Ц"),
    ("ts", "Ц"),
    ("c", "Ц"),
    ("x", "ks"),
    ("w", "v"),
    ("q", "k"),
    ("j", "i"),
    ("y", "i"),
)
_PLACEHOLDERS = str.maketrans({"Щ": "shch", "Ж": "zh", "Ч": "ch", "Ш": "sh", "Ц": "ts"})


@lru_cache(maxsize=65536)
def search_key(text: str) -> str:
    """Fold a name in either script to a simplified Latin skeleton for matching.

    Case, ё/е, soft and hard signs, й/y/i/j, -ий/-y/-iy endings, ye/ie/e, x/ks, ts/tz/c, kh/h,
    shch/sch, doubled letters and hyphens are all folded, so «Сергей», "Sergei", "Sergey" and
    "Sergej" give the same key, as do «Геннадьевич», "Gennadyevich" and "Gennadievich".
    """
    text = text.lower().replace("ё", "е").translate(_KEY_TABLE)
    text = text.replace("-", " ").replace("'", "").replace("’", "")
    text = _NON_LETTERS.sub("", text)
    # "Fyodor" is Фёдор: yo after a consonant is ё, which search treats as е.
    text = _YO_AFTER_CONSONANT.sub("e", text)
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = _DOUBLES.sub(r"\1", text)
    # Yevgeny/Evgeny, Gennadievich/Gennadevich: an i before e is the softening, not a vowel.
    text = text.replace("ie", "e")
    # "Mironoff": the old French-style -off is -ов.
    text = _OFF.sub("ov", text)
    text = _SPACES.sub(" ", text).strip()
    return text.translate(_PLACEHOLDERS)


# cyrillic_candidates -----------------------------------------------------------------
# Each Latin unit (longest first) with the Cyrillic it commonly stands for, likeliest first.
_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shch", ("щ",)),
    ("sch", ("щ", "ш")),
    ("zh", ("ж",)),
    ("kh", ("х",)),
    ("ch", ("ч",)),
    ("sh", ("ш",)),
    ("ts", ("ц", "тс")),
    ("tz", ("ц",)),
    ("ya", ("я", "ья")),
    ("ia", ("ия", "я")),
    ("ja", ("я",)),
    ("yu", ("ю", "ью")),
    ("iu", ("ию", "ю")),
    ("ju", ("ю",)),
    ("yo", ("ё", "йо")),
    ("ye", ("е", "ье")),
    ("ks", ("кс",)),
    ("a", ("а",)),
    ("b", ("б",)),
    ("c", ("ц", "к")),
    ("d", ("д",)),
    ("e", ("е", "э")),
    ("f", ("ф",)),
    ("g", ("г",)),
    ("h", ("х",)),
    ("i", ("и", "й")),
    ("j", ("й", "дж")),
    ("k", ("к",)),
    ("l", ("л",)),
    ("m", ("м",)),
    ("n", ("н",)),
    ("o", ("о",)),
    ("p", ("п",)),
    ("q", ("к",)),
    ("r", ("р",)),
    ("s", ("с",)),
    ("t", ("т",)),
    ("u", ("у",)),
    ("v", ("в",)),
    ("w", ("в",)),
    ("x", ("кс",)),
    ("y", ("ы", "й", "и")),
    ("z", ("з",)),
)
# Word endings, matched before the unit scan: -y/-iy/-ii is -ий, -ey/-ei is -ей, and so on.
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("iy", ("ий",)),
    ("ii", ("ий",)),
    ("yi", ("ый", "ий")),
    ("ey", ("ей",)),
    ("ei", ("ей",)),
    ("ej", ("ей",)),
    ("ay", ("ай",)),
    ("ai", ("ай",)),
    ("oy", ("ой",)),
    ("oi", ("ой",)),
    ("sky", ("ский",)),
    ("skiy", ("ский",)),
    ("skii", ("ский",)),
    ("y", ("ий", "ы", "и")),
    ("i", ("и", "ий")),
)
_MAX_VARIANTS = 64


def _word_options(word: str) -> list[tuple[str, ...]]:
    options: list[tuple[str, ...]] = []
    ending: tuple[str, ...] = ()
    for suffix, cyr in sorted(_ENDINGS, key=lambda e: -len(e[0])):
        if word.endswith(suffix) and len(word) > len(suffix):
            word, ending = word[: -len(suffix)], cyr
            break
    i = 0
    while i < len(word):
        if word[i] == "'":
            options.append(("ь", ""))
            i += 1
            continue
        for latin, cyr in _UNITS:
            if word.startswith(latin, i):
                # "ye"/"yu"/"ya" at the start of a word or after a vowel is the plain letter.
                options.append(cyr)
                i += len(latin)
                break
        else:
            options.append((word[i],))
            i += 1
    if ending:
        options.append(ending)
    return options


# Spellings no Russian word has: a soft sign first, or й between two consonants («мйронов»).
_IMPOSSIBLE = re.compile(r"^[ьъ]|(?<=[бвгджзклмнпрстфхцчшщ])й(?=[бвгджзклмнпрстфхцчшщ])")


def _word_variants(word: str) -> list[str]:
    options = _word_options(word.lower())
    variants = ("".join(p) for p in itertools.product(*options))
    plausible = (v for v in variants if not _IMPOSSIBLE.search(v))
    return list(itertools.islice(plausible, _MAX_VARIANTS))


def cyrillic_candidates(word: str) -> list[str]:
    """Cyrillic spellings of one romanised word, the likeliest first (lower case)."""
    return ["-".join(c) for c in itertools.product(*(_word_variants(p) for p in word.split("-")))][
        :_MAX_VARIANTS
    ]


def name_in_cyrillic(name: str) -> str:
    """A Cyrillic form of a name written in Latin letters ("Anna Schmidt" → «Анна Шмидт»).

    A suggestion for a writer abroad to accept or edit (a Latin name on the letter page may be
    taken by the censor for foreign text): for each word, the first Cyrillic spelling that the
    Russian dictionary knows, else the likeliest one. Cyrillic words are kept as written.
    """
    from letters.directory.names import is_known_word

    words = []
    for word in name.split():
        if _CYRILLIC.search(word) or not re.search(r"[A-Za-z]", word):
            words.append(word)
            continue
        # Müller, Dupré: the letter without its accent (NFKD splits it off).
        bare = "".join(ch for ch in unicodedata.normalize("NFKD", word) if ch.isascii())
        plain = re.sub(r"[^A-Za-z'-]", "", bare).lower()
        candidates = cyrillic_candidates(plain) if plain else []
        if not candidates:
            words.append(word)
            continue
        best = next((c for c in candidates if is_known_word(c)), candidates[0])
        words.append("-".join(part[:1].upper() + part[1:] for part in best.split("-")))
    return " ".join(words)
