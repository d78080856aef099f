"""Which language a word, a sentence and a whole letter are in.

Every word casts weighted votes: ``ru`` for a Russian dictionary form, a language code for
letters or frequent words only that language uses, ``ru-translit`` for a Latin word that reads
as a Russian word, ``unknown`` for a Cyrillic word no profile places, ``latin`` for a Latin
word no profile places (a name, a brand). Sentences then settle the ambiguous words — «я» is
Ukrainian in a Ukrainian sentence — and the counts decide the letter.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from letters.language.alphabets import CYRILLIC_SCRIPT, LATIN_SCRIPT, letter_votes
from letters.language.morphology import is_known
from letters.language.profiles import (
    CYRILLIC_ENDINGS,
    CYRILLIC_LANGUAGES,
    CYRILLIC_MARKERS,
    LATIN_GROUPS,
    LATIN_LANGUAGES,
    LATIN_MARKERS,
)
from letters.language.tokens import ROMAN_RE
from letters.language.translit import to_cyrillic

RU = "ru"
RU_TRANSLIT = "ru-translit"
UNKNOWN = "unknown"  # a Cyrillic word we cannot place
UNPLACED_LATIN = "latin"  # a Latin word we cannot place
NEUTRAL = "neutral"  # names and numerals: no evidence either way
MIXED = "mixed"

# A letter is Russian when at least this share of its placed words is Russian, and foreign
# when at most 1 - this share is; in between it is mixed.
RUSSIAN_SHARE = 0.8
# A text or sentence is in another Cyrillic language when its foreign-marked words plus the
# words Russian does not know reach this share of its Russian words.
FOREIGN_AGAINST_RUSSIAN = 0.5
# A foreign passage this many words long (or longer) is a passage, not a quoted name.
SUBSTANTIAL_WORDS = 3


@dataclass(slots=True)
class Word:
    """One word of the letter and what we learnt about it."""

    start: int
    end: int
    text: str  # as typed
    norm: str  # look-alike letters respelt
    script: str
    sentence: int
    name_like: bool  # capitalised inside a sentence: probably a name
    votes: dict[str, float] = field(default_factory=dict)
    label: str = NEUTRAL
    cyrillic: str | None = None  # the translit reading, when there is one
    known: bool = False


def _split(langs: frozenset[str] | set[str] | list[str], weight: float) -> dict[str, float]:
    return {lang: weight / len(langs) for lang in langs} if langs else {}


@lru_cache(maxsize=50_000)
def cyrillic_votes(norm: str, name_like: bool) -> tuple[dict[str, float], bool]:
    """Votes for one Cyrillic word, and whether it is a Russian dictionary form.

    Cached: callers must not change the returned dict.
    """
    lower = norm.lower()
    votes = letter_votes(lower)
    if votes:
        return votes, False
    known = is_known(lower)
    markers = [lang for lang, words in CYRILLIC_MARKERS.items() if lower in words]
    if markers:
        # One-letter words («й», «з») are weak evidence on their own.
        return _split(markers, 1.0 if len(lower) > 1 else 0.3), known
    if known:
        return {RU: 1.0}, True
    if name_like:
        # Names are not evidence: «Шеварднадзе» is not Belarusian for its ending.
        return {}, False
    for pattern, lang in CYRILLIC_ENDINGS:
        if pattern.search(lower):
            return {lang: 0.7}, False
    return {UNKNOWN: 1.0}, False


# Latin letters and groups Russian translit hardly uses: a word holding one is less likely
# to be translit («faut», «quick», «wax»).
_UNTRANSLIT = ("au", "ou", "eu", "ee", "oo", "th", "q", "w", "x", "ck")


@lru_cache(maxsize=20_000)
def latin_votes(norm: str, name_like: bool) -> tuple[dict[str, float], str | None]:
    """Votes for one Latin word, and its Russian reading when it reads as a Russian word.

    Cached: callers must not change the returned dict.
    """
    lower = norm.lower()
    if len(norm) > 1 and norm.isupper() and ROMAN_RE.fullmatch(norm):
        return {}, None
    votes = letter_votes(lower)
    if votes:
        # Translit never writes ł, ä or é: these words are certain evidence, so count double.
        return {lang: weight * 2 for lang, weight in votes.items()}, None
    markers = [lang for lang, words in LATIN_MARKERS.items() if lower in words]
    votes = _split(markers, 1.0)
    groups = [lang for pattern, lang in LATIN_GROUPS if pattern.search(lower)]
    reading, known = to_cyrillic(norm)
    letters = sum(1 for char in norm if char.isalpha())
    if known:
        weight = 0.5 if markers else 1.0
        if letters <= 2:
            weight /= 2
        if groups or any(group in lower for group in _UNTRANSLIT):
            weight /= 2
        votes[RU_TRANSLIT] = weight
    if not markers:
        for lang in groups:
            votes[lang] = votes.get(lang, 0.0) + 0.5
    if not votes:
        votes = {UNPLACED_LATIN: 0.5 if name_like else 1.0}
    return votes, reading if known else None


def _strongest(votes: dict[str, float]) -> str:
    return max(votes, key=votes.__getitem__) if votes else NEUTRAL


# The votes with their strongest language, cached as the votes are: choosing it anew for every
# word of every letter was most of the time spent classifying words.
@lru_cache(maxsize=50_000)
def _cyrillic_reading(norm: str, name_like: bool) -> tuple[dict[str, float], bool, str]:
    votes, known = cyrillic_votes(norm, name_like)
    return votes, known, _strongest(votes)


@lru_cache(maxsize=20_000)
def _latin_reading(norm: str, name_like: bool) -> tuple[dict[str, float], str | None, str]:
    votes, reading = latin_votes(norm, name_like)
    return votes, reading, _strongest(votes)


def classify(word: Word) -> None:
    """Fill in a word's votes (and its translit reading) from its letters and the dictionary."""
    if word.script == CYRILLIC_SCRIPT:
        word.votes, word.known, word.label = _cyrillic_reading(word.norm, word.name_like)
    elif word.script == LATIN_SCRIPT:
        word.votes, word.cyrillic, word.label = _latin_reading(word.norm, word.name_like)
    else:
        word.label = _strongest(word.votes)


def _votes(words: list[Word]) -> Counter[str]:
    total: Counter[str] = Counter()
    get = total.get  # a Counter's missing key calls Python code
    for word in words:
        for language, weight in word.votes.items():  # faster than Counter.update per word
            total[language] = get(language, 0) + weight
    return total


def _label(total: Counter[str], strict: bool = False) -> str:
    """The language that a bag of votes points to.

    ``strict`` is for a sentence inside a Russian letter: it takes more evidence to call it
    another Cyrillic language, so one Ukrainian word does not turn its Russian neighbours
    Ukrainian (the word is still reported on its own).
    """
    # ``get``: a Counter's missing key calls Python code, and most languages are missing from
    # every sentence (this runs for each sentence of each letter).
    get = total.get
    ru, unknown = get(RU, 0), get(UNKNOWN, 0)
    cyr_foreign = {lang: total[lang] for lang in CYRILLIC_LANGUAGES if get(lang)}
    lat_foreign = {lang: total[lang] for lang in LATIN_LANGUAGES if get(lang)}
    latin_total = get(RU_TRANSLIT, 0) + get(UNPLACED_LATIN, 0) + sum(lat_foreign.values())
    cyr_total = ru + unknown + sum(cyr_foreign.values())
    if latin_total > cyr_total:
        options = dict(lat_foreign)
        if get(RU_TRANSLIT):
            options[RU_TRANSLIT] = total[RU_TRANSLIT]
        if not options:
            return UNPLACED_LATIN
        return max(options, key=options.__getitem__)
    # Bulgarian or Ukrainian share many short words with Russian («и», «на», «я»), so words
    # Russian does not know count against it: a Russian letter has almost none.
    foreign = sum(cyr_foreign.values())
    needed, against = (2, 1.0) if strict else (1, FOREIGN_AGAINST_RUSSIAN)
    if foreign >= needed and foreign + unknown >= against * ru:
        return max(cyr_foreign, key=cyr_foreign.__getitem__)
    if ru:
        return RU
    if unknown:
        return UNKNOWN
    return NEUTRAL


def sentence_label(words: list[Word]) -> str:
    """The language of one sentence (or any run of words) from its words' votes."""
    return _label(_votes(words))


def _clearly_russian(total: Counter[str]) -> bool:
    get = total.get
    foreign = sum(get(lang, 0) for lang in CYRILLIC_LANGUAGES)
    return not foreign and not get(UNKNOWN, 0) and get(RU, 0) >= 2


def settle(words: list[Word], label: str) -> None:
    """Give each word of a sentence its final label, using the sentence's language.

    Each word must have been through :func:`classify` (and not settled yet).
    """
    # What the sentence's label is, asked once rather than for each word.
    cyrillic = label in CYRILLIC_LANGUAGES
    latin = label in LATIN_LANGUAGES or label == RU_TRANSLIT
    russian = label == RU
    for word in words:
        if not word.votes:
            word.label = NEUTRAL
            continue
        own = word.label  # its own strongest vote, from classify
        if cyrillic:
            # Shared words («я», «на») and unplaced ones belong to the sentence's language.
            if word.script == CYRILLIC_SCRIPT and (label in word.votes or own in (RU, UNKNOWN)):
                own = label
        elif latin:
            if word.script == LATIN_SCRIPT and (label in word.votes or own == UNPLACED_LATIN):
                own = label
        elif (
            russian
            and word.script == LATIN_SCRIPT
            and word.votes.get(RU_TRANSLIT, 0.0) >= max(word.votes.values()) / 2
        ):
            # A short Latin word in a Russian sentence: a translit slip more likely than English.
            own = RU_TRANSLIT
        word.label = own


def label_words(words: list[Word]) -> None:
    """Classify every word, then settle labels sentence by sentence."""
    by_sentence: dict[int, list[Word]] = {}
    for word in words:
        classify(word)
        by_sentence.setdefault(word.sentence, []).append(word)
    # A short Ukrainian sentence («Я дуже сумую за тобою») can look Russian on its own; in a
    # Ukrainian letter it is Ukrainian unless it is plainly Russian.
    whole = sentence_label(words)
    for sentence_words in by_sentence.values():
        total = _votes(sentence_words)
        label = _label(total, strict=whole == RU)
        if whole in CYRILLIC_LANGUAGES and label in (RU, UNKNOWN) and not _clearly_russian(total):
            label = whole
        settle(sentence_words, label)


@dataclass
class Run:
    """Consecutive words outside Russian: one passage to point at."""

    words: list[Word]
    label: str

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end

    @property
    def substantial(self) -> bool:
        """Long enough to be a passage in another language, not a quoted name or title."""
        if self.label in (RU_TRANSLIT, UNKNOWN):
            return False
        if len(self.words) < SUBSTANTIAL_WORDS:
            return False
        if self.label == UNPLACED_LATIN:
            return len(self.words) > SUBSTANTIAL_WORDS
        # Titles and names («Game of Thrones») are a few mostly capitalised words in one
        # sentence; «Hello! Thank you!» is a passage.
        capitalised = sum(1 for word in self.words if word.text[:1].isupper())
        one_sentence = self.words[0].sentence == self.words[-1].sentence
        return not (one_sentence and len(self.words) <= 5 and capitalised * 2 > len(self.words))


# A label's alphabet (None: Russian, unknown, neutral); a lookup, as it is asked of every word.
_FAMILIES = {
    **dict.fromkeys(CYRILLIC_LANGUAGES, CYRILLIC_SCRIPT),
    **dict.fromkeys((RU_TRANSLIT, UNPLACED_LATIN, *LATIN_LANGUAGES), LATIN_SCRIPT),
}
_family = _FAMILIES.get


def foreign_runs(words: list[Word]) -> list[Run]:
    """Group consecutive non-Russian words of one alphabet into passages, each with a label."""
    runs: list[Run] = []
    current: list[Word] = []

    def close() -> None:
        if not current:
            return
        weights: Counter[str] = Counter()
        for word in current:
            weights[word.label] += 1
        # A named language or translit beats «a Latin word we cannot place».
        placed = {label: n for label, n in weights.items() if label != UNPLACED_LATIN}
        label = max(placed or weights, key=(placed or weights).__getitem__)
        if label == RU_TRANSLIT and weights[UNPLACED_LATIN] > weights[RU_TRANSLIT]:
            label = UNPLACED_LATIN
        runs.append(Run(list(current), label))
        current.clear()

    for word in words:
        family = _family(word.label)
        if family is None:
            if word.label != NEUTRAL:
                close()
            continue
        if current and _family(current[-1].label) != family:
            close()
        current.append(word)
    close()
    return runs


def _quoted(run: Run) -> bool:
    """A run that does not count against the letter being Russian (it is still reported).

    Translit counts unless it is one or two words («P.S.», «ok»): a letter half in translit
    is not a Russian letter, even though we can convert it.
    """
    if run.label == RU_TRANSLIT:
        return len(run.words) <= 2
    return not run.substantial


@dataclass(frozen=True)
class Decision:
    """The language of the whole letter."""

    language: str
    russian_share: float
    counts: dict[str, int]


def decide(words: list[Word], runs: list[Run]) -> Decision:
    """Name the letter's language from its words' final labels and its foreign passages."""
    counts = Counter(word.label for word in words if word.label != NEUTRAL)
    placed = sum(counts.values())
    if not placed:
        return Decision(UNKNOWN, 0.0, dict(counts))
    share = counts[RU] / placed
    russian = counts[RU] + counts[UNKNOWN]
    if counts[RU] == 0 and counts[UNKNOWN] and russian == placed:
        # Cyrillic words none of which Russian knows: some language we do not profile.
        return Decision(UNKNOWN, share, dict(counts))
    # A quoted name, a title or a stray foreign word is reported but does not make the letter
    # less Russian.
    quoted = sum(len(run.words) for run in runs if _quoted(run))
    considered = placed - quoted if placed > quoted else placed
    if russian / considered >= RUSSIAN_SHARE:
        if any(run.substantial for run in runs):
            return Decision(MIXED, share, dict(counts))
        return Decision(RU, share, dict(counts))
    foreign = {label: n for label, n in counts.items() if label not in (RU, UNKNOWN)}
    best = max(foreign, key=foreign.__getitem__)
    # Russian sentences beside a passage in a Latin-script language are plainly both.
    if best in LATIN_LANGUAGES and counts[RU] >= 2:
        return Decision(MIXED, share, dict(counts))
    if russian / considered <= 1 - RUSSIAN_SHARE or foreign[best] >= RUSSIAN_SHARE * placed:
        if best == UNPLACED_LATIN:
            return Decision(UNKNOWN, share, dict(counts))
        return Decision(best, share, dict(counts))
    return Decision(MIXED, share, dict(counts))
