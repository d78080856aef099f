"""Russian typed in Latin letters («privet, kak dela?») back into Cyrillic.

People use several systems at once — «ya»/«ja», «zh»/«j», «shch»/«sch», «ch»/«tch», an
apostrophe or nothing for the soft sign — so one Latin word has many possible readings. We
generate them cheapest-first (the most common reading of each letter group costs 0) and keep
the first that the Russian dictionary knows.
"""

from __future__ import annotations

from functools import lru_cache

from letters.language.morphology import analyse, analyzer

# Letter groups and their readings, cheapest first. Longer groups are tried before shorter
# ones at each position, so «shch» is read before «sh» and «s».
_GROUPS: dict[str, tuple[str, ...]] = {
    "shch": ("щ",),
    "sch": ("щ", "сч", "ш"),
    "shh": ("щ",),
    "tch": ("ч", "тч"),
    "zh": ("ж", "зх"),
    "kh": ("х", "кх"),
    "ch": ("ч", "х"),
    "sh": ("ш", "сх"),
    "ts": ("ц", "тс"),
    "tz": ("ц",),
    "yo": ("ё", "ьё", "йо", "ыо"),
    "jo": ("ё", "йо"),
    "yu": ("ю", "ью", "ыу"),
    "ju": ("ю",),
    "ya": ("я", "ья", "ыа"),
    "ja": ("я",),
    "ye": ("е", "ые", "ье", "э"),
    "je": ("е", "э"),
    "yy": ("ый", "ий"),
    "iy": ("ий", "ый"),
    "ij": ("ий",),
    "ia": ("ия", "я"),
    "iu": ("ию", "ю"),
    "ie": ("ие", "ье"),
    "a": ("а",),
    "b": ("б",),
    "c": ("ц", "к", "с"),
    "d": ("д",),
    "e": ("е", "э", "ё"),
    "f": ("ф",),
    "g": ("г",),
    "h": ("х",),
    "i": ("и", "й", "ы"),
    "j": ("й", "ж"),
    "k": ("к",),
    "l": ("л",),
    "m": ("м",),
    "n": ("н",),
    "o": ("о",),
    "p": ("п",),
    "q": ("к",),
    "r": ("р",),
    "s": ("с",),
    "t": ("т",),
    "u": ("у",),
    "v": ("в",),
    "w": ("в", "ш"),
    "x": ("кс", "х"),
    "y": ("ы", "й", "и"),
    "z": ("з",),
    "'": ("ь", "ъ"),
    "’": ("ь", "ъ"),
    "ʼ": ("ь", "ъ"),
    "`": ("ь",),
    '"': ("ъ",),
    "ë": ("ё",),
    "é": ("е",),
    "-": ("-",),
}
# Frequent words whose cheapest known reading is a rarer word («ochen» reads as the short
# adjective «очен» before «очень»).
_FREQUENT: dict[str, str] = {
    "ochen": "очень",
    "mat": "мать",
    "pisma": "письма",
    "vse": "все",
    "vsyo": "всё",
    "vsjo": "всё",
    "tut": "тут",
    "den": "день",
    "sem": "семь",
    "bud": "будь",
    "zdes": "здесь",
    "svoi": "свои",
    "moi": "мои",
}
_LONGEST = max(len(group) for group in _GROUPS)

# After these consonants a soft sign is often left out («tolko», «ochen»): when no reading is
# a known word, the second pass may insert one.
_SOFTENABLE = frozenset("бвдзлмнпрстфц")
_MAX_CANDIDATES = 400
# Readings looked up per pass: the cheap ones are the likely ones, and an English word or a
# brand name must not cost hundreds of dictionary look-ups.
_MAX_LOOKUPS = 48
_MAX_WORD = 24


def _readings(word: str, soft_signs: bool) -> list[tuple[int, str]]:
    """Readings of a lowercase Latin word as (cost, cyrillic), cheapest first (capped)."""
    # Dynamic programming over positions; each state keeps the cheapest partial readings.
    states: dict[int, list[tuple[int, str]]] = {0: [(0, "")]}
    for pos in range(len(word)):
        partial = states.pop(pos, None)
        if not partial:
            continue
        partial.sort()
        partial = partial[:_MAX_CANDIDATES]
        matched = False
        for size in range(min(_LONGEST, len(word) - pos), 0, -1):
            group = word[pos : pos + size]
            options = _GROUPS.get(group)
            if not options:
                continue
            matched = True
            nxt = pos + size
            for index, option in enumerate(options):
                # A longer group read its usual way beats splitting it into single letters.
                cost = index * 2 + (0 if size > 1 else 1)
                for base_cost, text in partial:
                    states.setdefault(nxt, []).append((base_cost + cost, text + option))
                    if soft_signs and option[-1] in _SOFTENABLE and nxt < len(word):
                        following = word[nxt]
                        if following not in "aeiouy'’ʼ`":
                            states[nxt].append((base_cost + cost + 3, text + option + "ь"))
                    if soft_signs and option[-1] in _SOFTENABLE and nxt == len(word):
                        states[nxt].append((base_cost + cost + 3, text + option + "ь"))
        if not matched:
            # Not a letter we can read (a digit, an accented letter): keep it as it is.
            for base_cost, text in partial:
                states.setdefault(pos + 1, []).append((base_cost, text + word[pos]))
    final = sorted(states.get(len(word), []))
    return final[:_MAX_CANDIDATES]


def _restore_case(source: str, target: str) -> str:
    letters = [char for char in source if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return target.upper()
    if letters and letters[0].isupper():
        return target[:1].upper() + target[1:]
    return target


@lru_cache(maxsize=20_000)
def _convert_lower(word: str) -> tuple[str, bool]:
    if word in _FREQUENT:
        return _FREQUENT[word], True
    best_doubtful: str | None = None
    if len(word) > _MAX_WORD:
        return _readings(word, False)[0][1], False
    known_form = analyzer().word_is_known
    for soft_signs in (False, True):
        for _cost, candidate in _readings(word, soft_signs)[:_MAX_LOOKUPS]:
            if not known_form(candidate):
                continue
            info = analyse(candidate)
            if not info.doubtful:
                return candidate, True
            if best_doubtful is None:
                best_doubtful = candidate
        if best_doubtful is not None:
            return best_doubtful, True
    return _readings(word, False)[0][1], False


def to_cyrillic(word: str) -> tuple[str, bool]:
    """Read one Latin word as Russian: (Cyrillic spelling, whether it is a known word form).

    When no reading is a dictionary word the cheapest reading is returned with False.
    """
    if not word:
        return word, False
    converted, known = _convert_lower(word.lower())
    return _restore_case(word, converted), known
