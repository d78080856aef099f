"""Censorship risks: topics, words, contact details and codes the support guides advise against.

The lexicon lives in ``data/risks.toml`` so coordinators can extend it; it is read once per
process. Words match on their lemmas, so one entry covers every inflection.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from letters.language.morphology import analyse, forms_of, is_known
from letters.messages import N_

RISKS_FILE = Path(__file__).parent / "data" / "risks.toml"

# Reasons for the risks found by pattern rather than by the lexicon.
PHONE_REASON = N_(
    "A phone number: letters with phone numbers are withheld; give contacts another way."
)
LINK_REASON = N_(
    "A link or an e-mail address: the censor may treat it as a way to pass information; "
    "leave it out."
)


@dataclass(frozen=True)
class Topic:
    """One risky topic from the lexicon."""

    id: str
    reason: str  # English msgid
    lemmas: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """All topics, indexed for matching, and the abbreviation rule's data."""

    topics: tuple[Topic, ...]
    by_lemma: dict[str, Topic]
    by_form: dict[str, Topic]  # every dictionary form of every lemma: no analysis needed
    by_first_lemma: dict[str, list[tuple[tuple[str, ...], Topic]]]
    phrase_lemmas: dict[str, frozenset[str]]  # a form of a phrase word -> its phrase lemmas
    stems: tuple[tuple[str, Topic], ...]
    stem_re: re.Pattern[str] | None
    allowed_abbreviations: frozenset[str]
    abbreviation_reason: str
    # Phrases that hold a risky word but are not the topic («Война и мир», «режим дня»).
    safe_by_first_lemma: dict[str, list[tuple[tuple[str, ...], None]]] = field(default_factory=dict)


class LexiconError(ValueError):
    """The risks file is malformed (raised at load, so a bad edit shows up at once)."""


def _plain(word: str) -> str:
    return word.lower().replace("ё", "е")


def _strings(entry: dict, key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise LexiconError(f"{where}: '{key}' must be a list of non-empty strings")
    return value


def parse_lexicon(data: dict) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed TOML document (checks its shape)."""
    topics: list[Topic] = []
    for number, entry in enumerate(data.get("topic", []), start=1):
        where = f"topic #{number}"
        if not isinstance(entry.get("id"), str) or not isinstance(entry.get("reason"), str):
            raise LexiconError(f"{where}: 'id' and 'reason' must be strings")
        phrases = tuple(
            tuple(_plain(part) for part in phrase.split())
            for phrase in _strings(entry, "phrases", where)
        )
        topics.append(
            Topic(
                id=entry["id"],
                reason=entry["reason"],
                lemmas=frozenset(_plain(lemma) for lemma in _strings(entry, "lemmas", where)),
                phrases=phrases,
                stems=tuple(_plain(stem) for stem in _strings(entry, "stems", where)),
            )
        )
    if not topics:
        raise LexiconError("the lexicon has no [[topic]] entries")
    by_lemma: dict[str, Topic] = {}
    by_form: dict[str, Topic] = {}
    by_first: dict[str, list[tuple[tuple[str, ...], Topic]]] = {}
    phrase_lemmas: dict[str, frozenset[str]] = {}
    stems: list[tuple[str, Topic]] = []
    for topic in topics:
        for lemma in topic.lemmas:
            by_lemma.setdefault(lemma, topic)
            for form in forms_of(lemma):
                by_form.setdefault(form, topic)
        for phrase in topic.phrases:
            by_first.setdefault(phrase[0], []).append((phrase, topic))
            for part in phrase:
                for form in forms_of(part):
                    phrase_lemmas[form] = phrase_lemmas.get(form, frozenset()) | {part}
        stems.extend((stem, topic) for stem in topic.stems)
    abbreviations = data.get("abbreviations", {})
    allowed = _strings(abbreviations, "allowed", "abbreviations")
    reason = abbreviations.get("reason")
    if not isinstance(reason, str):
        raise LexiconError("abbreviations: 'reason' must be a string")
    safe_by_first: dict[str, list[tuple[tuple[str, ...], None]]] = {}
    safe = data.get("safe", {})
    for phrase_text in _strings(safe, "phrases", "safe"):
        phrase = tuple(_plain(part) for part in phrase_text.split())
        safe_by_first.setdefault(phrase[0], []).append((phrase, None))
        for part in phrase:
            for form in forms_of(part):
                phrase_lemmas[form] = phrase_lemmas.get(form, frozenset()) | {part}
    stem_re = re.compile("|".join(re.escape(stem) for stem, _topic in stems)) if stems else None
    return Lexicon(
        topics=tuple(topics),
        by_lemma=by_lemma,
        by_form=by_form,
        by_first_lemma=by_first,
        phrase_lemmas=phrase_lemmas,
        stems=tuple(stems),
        stem_re=stem_re,
        allowed_abbreviations=frozenset(_plain(item) for item in allowed),
        abbreviation_reason=reason,
        safe_by_first_lemma=safe_by_first,
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon from ``data/risks.toml`` (read once per process)."""
    with RISKS_FILE.open("rb") as handle:
        return parse_lexicon(tomllib.load(handle))


@dataclass(frozen=True)
class Match:
    """A risky word or phrase: token indexes [first, last] and why."""

    first: int
    last: int
    topic_id: str
    reason: str


def _is_abbreviation(word: str, lex: Lexicon) -> bool:
    if not word.isupper():
        return False
    letters = [char for char in word if char.isalpha()]
    if not 2 <= len(letters) <= 8 or not all(char.isupper() for char in letters):
        return False
    if _plain(word) in lex.allowed_abbreviations:
        return False
    info = analyse(word.lower())
    # Shouted ordinary words («ОЧЕНЬ ЖДУ») are fine; unknown or abbreviation-only runs are not.
    return not info.known or info.doubtful


def _lemmas(lex: Lexicon, word: str) -> frozenset[str]:
    """The phrase lemmas a word may stand for (full analysis only for unknown words)."""
    if lex is lexicon():
        return _lemmas_cached(word)
    return _lemmas_uncached(lex, word)


@lru_cache(maxsize=65536)
def _lemmas_cached(word: str) -> frozenset[str]:
    # Only for the process's own lexicon, which never changes once loaded.
    return _lemmas_uncached(lexicon(), word)


def _lemmas_uncached(lex: Lexicon, word: str) -> frozenset[str]:
    plain = _plain(word)
    found = lex.phrase_lemmas.get(plain)
    if found is not None:
        return found
    if is_known(plain):
        return frozenset()
    return analyse(plain).lemmas


def _word_topic(lex: Lexicon, word: str) -> Topic | None:
    """The risky topic a single word belongs to, by its form, lemma or stem."""
    if lex is lexicon():
        return _word_topic_cached(word)
    return _word_topic_uncached(lex, word)


@lru_cache(maxsize=65536)
def _word_topic_cached(word: str) -> Topic | None:
    # Only for the process's own lexicon, like _lemmas_cached.
    return _word_topic_uncached(lexicon(), word)


def _word_topic_uncached(lex: Lexicon, word: str) -> Topic | None:
    plain = _plain(word)
    topic = lex.by_form.get(plain)
    if topic is None and not is_known(plain):
        # Words the dictionary lacks («иноагента», «СВО») still get a predicted lemma.
        lemmas = analyse(plain).lemmas
        topic = next((lex.by_lemma[lemma] for lemma in lemmas if lemma in lex.by_lemma), None)
    if topic is None and lex.stem_re is not None:
        found = lex.stem_re.match(plain)
        if found:
            topic = next(t for stem, t in lex.stems if plain.startswith(stem))
    return topic


def _match_phrase(
    lex: Lexicon, lemma_sets: list[frozenset[str]], index: int, safe: bool = False
) -> tuple[int, Topic] | None:
    """The longest lexicon phrase starting at word ``index``: (end index, topic); with
    ``safe``, the longest safe phrase (its topic is None)."""
    best: tuple[int, Topic] | None = None
    index_by_first = lex.safe_by_first_lemma if safe else lex.by_first_lemma
    for lemma in lemma_sets[index]:
        for phrase, topic in index_by_first.get(lemma, ()):
            end = index + len(phrase)
            if end > len(lemma_sets) or (best is not None and end <= best[0]):
                continue
            if all(phrase[offset] in lemma_sets[index + offset] for offset in range(len(phrase))):
                best = (end, topic)
    return best


def find_risks(words: list[str]) -> list[Match]:
    """Risky words, phrases and capital-letter codes among Cyrillic ``words`` (in text order).

    Pass an empty string for a word that should not be matched (a Latin or foreign word).
    """
    lex = lexicon()
    # An empty string stands for a word that is not Cyrillic: it matches nothing and breaks
    # phrases, so «уголовное case дело» is not «уголовное дело».
    lemma_sets = [_lemmas(lex, word) if word else frozenset() for word in words]
    matches: list[Match] = []
    covered: set[int] = set()
    # Most words stand for no phrase lemma (an empty set): no phrase can start at them.
    if lex.safe_by_first_lemma:
        for index, lemmas in enumerate(lemma_sets):
            if not lemmas or index in covered:
                continue
            safe_match = _match_phrase(lex, lemma_sets, index, True)
            if safe_match is not None:
                covered.update(range(index, safe_match[0]))
    for index, lemmas in enumerate(lemma_sets):
        if not lemmas or index in covered:
            continue
        phrase_match = _match_phrase(lex, lemma_sets, index)
        if phrase_match is not None:
            end, topic = phrase_match
            matches.append(Match(index, end - 1, topic.id, topic.reason))
            covered.update(range(index, end))
    for index, word in enumerate(words):
        if index in covered or not word:
            continue
        found = _word_risk(word)
        if found is not None:
            matches.append(Match(index, index, *found))
    return sorted(matches, key=lambda match: match.first)


@lru_cache(maxsize=65536)
def _word_risk(word: str) -> tuple[str, str] | None:
    """A single word's risk, (topic id, reason), by the process's lexicon: its topic, or a
    capital-letter code. Cached: the same words recur in every letter of a batch."""
    lex = lexicon()
    topic = _word_topic(lex, word)
    if topic is not None:
        return topic.id, topic.reason
    if _is_abbreviation(word, lex):
        return "abbreviation", lex.abbreviation_reason
    return None
