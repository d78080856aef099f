"""Is a short text Russian or one of its Cyrillic neighbours — and which words show it?

A two-sentence note in Ukrainian, Bulgarian or Mongolian need not hold a single letter Russian
lacks, and many of its words are Russian spellings too («на», «мене», «як»). Three kinds of
evidence settle it, each cheap and each explainable to the writer:

- the Russian dictionary: a Russian text has almost every word in it, a neighbour's text has
  a large share of words Russian does not know;
- the function words of each language (``data/function_words``): «що», «буде», «ще», «ќе»;
- letter n-gram profiles (``ngrams``): how each word is spelt, summed over the text.

A Russian text is never turned away on the profiles alone: it takes several words Russian does
not know, which also look like the other language, and a clear margin over Russian.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from letters.language import ngrams
from letters.language.alphabets import ALPHABET_EXTRAS, CYRILLIC_SCRIPT, FORBIDDEN, RUSSIAN_LOWER
from letters.language.languages import Word
from letters.language.profiles import CYRILLIC_LANGUAGES, CYRILLIC_MARKERS

RU = "ru"
# A function word Russian does not have counts like this many nats of n-gram evidence (one
# Russian has too, such as «як» or «мене», is only shown as evidence, never counted).
MARKER_WEIGHT = 4.0
# A neighbour must beat Russian by this many nats per Cyrillic word of the text …
MARGIN_PER_WORD = 0.6
# … and this share of the text's words (at least MIN_EVIDENCE of them) must be words Russian
# does not know that look like the neighbour, or its function words (a word with the
# neighbour's own letters counts twice).
EVIDENCE_SHARE = 0.25
MIN_EVIDENCE = 2
# … unless the whole text reads as the neighbour by a wide margin (this many nats a word, over
# at least CLEAR_AFTER words) and one word Russian does not know shows it: «Уноси у дневнику
# корисника». No Russian text of 4 words or more came near it (the highest of 6,000 Russian
# catalogue messages and 980 Russian texts of other sources: 5.7 with no such word).
CLEAR_MARGIN_PER_WORD = 6.0
CLEAR_AFTER = 4
# A word's own profile must favour the neighbour by this much to count as evidence.
WORD_MARGIN = 1.0
# Letters a text of a few words in the language hardly ever lacks: Kazakh writes і, қ, ғ or ұ
# in nearly every sentence; without them a Turkic text is Tatar, Bashkir or Kyrgyz. (Bashkir's
# own ҡ, ҙ, ҫ are not frequent enough for such a rule.)
EXPECTED_LETTERS = {"kk": frozenset("іқғұ")}
EXPECTED_AFTER = 4
# A text with a letter a language lacks in this many of its words (names aside) is not in
# that language: Ukrainian has no ы, Serbian no я, Belarusian no и.
FORBIDDEN_WORDS = 1
# A word Russian knows counts (this much) only when its spelling favours the neighbour by this
# many nats: «настояща», «автоматична» are Russian forms, but Bulgarian-looking ones. (With
# letter 4-grams, 8 let Russian loanwords frequent in Tatar catalogues, «магазин», «аудио»,
# count against a Russian shop name; 12-16 name the same training-catalogue texts.)
KNOWN_WORD_MARGIN = 16.0
KNOWN_WORD_WEIGHT = 0.5
# A language without a letter profile of its own spells like these relatives (Rusyn has too
# little translated text to count; Bashkir's profile comes from openstreetmap-website).
BORROWED = {"rue": ("uk", "be"), "ba": ("tt",)}
# A text no word of which Russian knows (so turned away in any case) is named by its spelling
# alone, without function words, when it has CLEAR_AFTER words or more and beats every other
# neighbour by this many nats a word (0.6-2.0 name the same training-catalogue texts): Mongolian
# and Kyrgyz notes need not hold a function word. Shorter texts and gibberish stay unnamed.
NAMING_LEAD = 1.0
# Words shown to the writer as the reason.
SHOWN = 3


@dataclass(frozen=True)
class Neighbour:
    """The neighbour language a text reads as, and the words that show it (in text order)."""

    language: str
    evidence: tuple[Word, ...]
    withhold: bool  # strong enough to turn away a text the word counts took for Russian
    function_words: int  # how many of the language's function words the text has
    leads: dict[str, float]  # by how much (nats per word) it beats each other language
    words: int  # how many words could show the language

    @property
    def named(self) -> bool:
        """Whether the text can be named this language even when no word is Russian: it has
        the language's function words, or its spelling beats every other neighbour clearly."""
        if self.function_words:
            return True
        others = [lead for lang, lead in self.leads.items() if lang != self.language]
        return self.words >= CLEAR_AFTER and all(lead >= NAMING_LEAD for lead in others)

    def clearly_beats(self, other: str) -> bool:
        """Whether the text reads as this language by a clear margin over ``other`` (or
        ``other``'s alphabet cannot write the text)."""
        return other not in self.leads or self.leads[other] >= MARGIN_PER_WORD


def _allowed(words: list[Word]) -> list[str]:
    """Neighbours whose alphabet holds the special letters of the text (nearly all of them)
    and every letter of its words (Ukrainian has no ы: a text with і and ы is Rusyn or
    Belarusian)."""
    special: Counter[str] = Counter()
    holding: Counter[str] = Counter()  # how many words hold each letter
    for word in words:
        lower = word.norm.lower()
        holding.update(set(lower))
        for char in lower:
            if char.isalpha() and char not in RUSSIAN_LOWER and "\u0400" <= char <= "\u04ff":
                special[char] += 1
    total = sum(special.values())
    allowed = []
    words_long = len(words) >= EXPECTED_AFTER
    for lang in CYRILLIC_LANGUAGES:
        lacks = FORBIDDEN.get(lang, frozenset())
        if sum(holding[char] for char in lacks) >= FORBIDDEN_WORDS:
            continue
        covered = sum(n for char, n in special.items() if char in ALPHABET_EXTRAS[lang])
        expected = EXPECTED_LETTERS.get(lang)
        if words_long and expected and not expected & special.keys():
            continue
        if not total or covered >= 0.9 * total:
            allowed.append(lang)
    return allowed


def _cyrillic(words: list[Word]) -> list[Word]:
    """The words that can show a language: Cyrillic, not names, not abbreviations («СДЭК»,
    unless the whole text is in capitals)."""
    cyrillic = [word for word in words if word.script == CYRILLIC_SCRIPT and not word.name_like]
    capitals = [word for word in cyrillic if word.norm.isupper()]
    if len(capitals) * 2 > len(cyrillic) or not capitals:
        return cyrillic  # written in capitals, or nothing to leave out (most letters)
    return [word for word in cyrillic if not (word.norm.isupper() and len(word.norm) > 1)]


def could_withhold(words: list[Word]) -> bool:
    """Whether :func:`identify` could turn the text away at all: a cheap test that spares a
    plainly Russian letter the profiles. Evidence counts a word Russian does not know twice
    at most, and Russian words at most as much again, so it is at most four times the count
    of unknown words."""
    cyrillic = _cyrillic(words)
    unknown = sum(1 for word in cyrillic if not word.known)
    most = 4 * unknown
    return most >= MIN_EVIDENCE and most >= EVIDENCE_SHARE * len(cyrillic)


def identify(words: list[Word]) -> Neighbour | None:
    """The Cyrillic neighbour a text reads as most, with its evidence (``withhold`` says
    whether it is strong enough to turn the text away as not Russian); ``None`` when no
    neighbour's alphabet can write it.

    ``words`` are the checker's words after :func:`languages.label_words` (it uses their
    normal form, script, name-likeness and dictionary knowledge).
    """
    cyrillic = _cyrillic(words)
    if not cyrillic:
        return None
    langs = ngrams.languages()
    ru_index = langs.index(RU)
    allowed = _allowed(cyrillic)
    if not allowed:
        return None
    profile: Counter[str] = Counter()  # letter n-gram log-likelihood per language
    unknown_markers: Counter[str] = Counter()  # function words Russian does not have
    known_markers: Counter[str] = Counter()  # function words Russian has too («як», «мене»)
    per_word: list[tuple[Word, str, tuple[float, ...]]] = []
    for word in cyrillic:
        lower = word.norm.lower()
        scores = ngrams.word_scores(lower)
        per_word.append((word, lower, scores))
        for index, lang in enumerate(langs):
            profile[lang] += scores[index]
        for lang in allowed:
            if lower in CYRILLIC_MARKERS[lang]:
                (known_markers if word.known else unknown_markers)[lang] += MARKER_WEIGHT
    # Languages without a profile borrow their closest relatives' spelling: Rusyn writes like
    # Ukrainian or (with ы) Belarusian.
    for lang, relatives in BORROWED.items():
        if lang not in langs:
            profile[lang] = max(profile[relative] for relative in relatives)
    # Against Russian only what Russian cannot be counts; to choose among the neighbours,
    # their shared-with-Russian function words count too (half).
    totals = {lang: profile[lang] + unknown_markers[lang] for lang in (RU, *allowed)}
    naming = {lang: totals[lang] + known_markers[lang] / 2 for lang in allowed}
    best = max(allowed, key=naming.__getitem__)
    evidence: list[tuple[float, Word]] = []
    seen: set[str] = set()
    best_index = langs.index(best if best in langs else BORROWED[best][0])
    for word, lower, scores in per_word:
        if lower in seen:
            continue
        lead = scores[best_index] - scores[ru_index]
        marker = lower in CYRILLIC_MARKERS[best]
        if marker and not word.known:
            rank = 100.0 + lead
        elif not word.known and lead >= WORD_MARGIN:
            rank = lead
        elif lead >= KNOWN_WORD_MARGIN:
            rank = lead - KNOWN_WORD_MARGIN  # a Russian form spelt the neighbour's way
        elif marker:
            rank = -1.0  # a Russian word used the neighbour's way: shown last, not counted
        else:
            continue
        if len(lower) < 3:
            rank -= 50.0  # «з», «ще»: real evidence, but longer words tell the writer more
        seen.add(lower)
        evidence.append((rank, word))
    # A word with letters of the language Russian lacks («следећу») counts twice; Russian forms
    # spelt the neighbour's way count half, and at most as much as the words Russian lacks.
    extras = ALPHABET_EXTRAS[best]
    unknown = sum(
        2 if extras & set(word.norm.lower()) else 1 for _, word in evidence if not word.known
    )
    known = sum(KNOWN_WORD_WEIGHT for rank, word in evidence if word.known and rank >= 0)
    strong = unknown + min(known, unknown)
    margin = totals[best] - totals[RU]
    function_words = sum(1 for _, word in evidence if word.norm.lower() in CYRILLIC_MARKERS[best])
    withhold = (
        margin >= MARGIN_PER_WORD * len(cyrillic)
        and strong >= MIN_EVIDENCE
        and strong >= EVIDENCE_SHARE * len(cyrillic)
    ) or (
        margin >= CLEAR_MARGIN_PER_WORD * len(cyrillic)
        and len(cyrillic) >= CLEAR_AFTER
        and unknown >= 1
    )
    shown = sorted(evidence, key=lambda item: -item[0])[:SHOWN]
    ordered = tuple(word for _, word in sorted(shown, key=lambda item: item[1].start))
    leads = {lang: (naming[best] - naming[lang]) / len(cyrillic) for lang in allowed}
    return Neighbour(best, ordered, withhold, function_words, leads, len(cyrillic))
