"""The checker: one call that says whether a letter will reach a prisoner in Russia.

It ties the parts together — input sanity, look-alike letters, the language of words,
sentences and the letter, translit, unknown words, censorship risks, length — and builds the
findings, the fixed text and the verdict.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from letters.language import result
from letters.language.alphabets import (
    CYRILLIC_SCRIPT,
    LATIN_SCRIPT,
    MIXED_SCRIPTS,
    OTHER_SCRIPT,
    foreign_letters,
    word_script,
)
from letters.language.languages import MIXED as MIXED_LANGUAGE
from letters.language.languages import (
    NEUTRAL,
    RU,
    RU_TRANSLIT,
    SUBSTANTIAL_WORDS,
    UNKNOWN,
    UNPLACED_LATIN,
    Run,
    Word,
    decide,
    foreign_runs,
    label_words,
)
from letters.language.limits import MAX_INPUT_CHARS, SERVICE_LIMITS, a4_pages, count_chars
from letters.language.lookalikes import fix_word, latin_as_cyrillic
from letters.language.morphology import analyse
from letters.language.naming import ALPHABET_LANGUAGES, AUTONYMS, foreign_language
from letters.language.neighbours import Neighbour, could_withhold, identify
from letters.language.printable import MSG_UNPRINTABLE, unprintable_spans
from letters.language.profiles import (
    CYRILLIC_LANGUAGES,
    CYRILLIC_MARKERS,
    LATIN_LANGUAGES,
    LATIN_MARKERS,
)
from letters.language.result import CheckResult, Finding, Stats
from letters.language.risks import LINK_REASON, PHONE_REASON, find_risks
from letters.language.tokens import (
    NEUTRAL_SPAN_KINDS,
    Span,
    iter_words,
    sentence_bounds,
    special_spans,
)
from letters.language.translit import to_cyrillic
from letters.messages import N_, filled, translator

LANGUAGE_NAMES: dict[str, str] = {
    "uk": N_("Ukrainian"),
    "be": N_("Belarusian"),
    "bg": N_("Bulgarian"),
    "sr": N_("Serbian"),
    "mk": N_("Macedonian"),
    "rue": N_("Rusyn"),
    "kk": N_("Kazakh"),
    "ky": N_("Kyrgyz"),
    "tt": N_("Tatar"),
    "ba": N_("Bashkir"),
    "mn": N_("Mongolian"),
    "en": N_("English"),
    "de": N_("German"),
    "fr": N_("French"),
    "pl": N_("Polish"),
    "cs": N_("Czech"),
    "es": N_("Spanish"),
    "it": N_("Italian"),
    "pt": N_("Portuguese"),
    "nl": N_("Dutch"),
    "lt": N_("Lithuanian"),
    "lv": N_("Latvian"),
    "et": N_("Estonian"),
    "fi": N_("Finnish"),
    "sv": N_("Swedish"),
    "ka": N_("Georgian"),
    "he": N_("Hebrew"),
    "da": N_("Danish"),
    "nb": N_("Norwegian"),
    "sk": N_("Slovak"),
    "sl": N_("Slovenian"),
    "hr": N_("Croatian"),
    "hu": N_("Hungarian"),
    "ro": N_("Romanian"),
    "tr": N_("Turkish"),
    "ca": N_("Catalan"),
    "eu": N_("Basque"),
    "sq": N_("Albanian"),
    "id": N_("Indonesian"),
}

MSG_EMPTY = N_("The letter is empty: there is nothing to check.")
MSG_NO_WORDS = N_("The letter has no words, only symbols, digits or emoji.")
MSG_TOO_LARGE = N_(
    "The text is too long to be a letter (%(chars)s characters; at most %(limit)s can be checked)."
)
MSG_BINARY = N_(
    "The text contains NUL or other control characters and looks like a binary file, not a letter."
)
MSG_CONTROL = N_("An invisible control character; it is removed in the corrected text.")
MSG_NOT_RECOGNISED = N_(
    "We could not recognise this text as Russian; letters not entirely in Russian are withheld."
)
MSG_LOOKALIKE = N_(
    "This word mixes Latin and Cyrillic letters that look alike; the censor may take it for "
    "a code. It is respelt in the corrected text."
)
MSG_MIXED_SCRIPT = N_(
    "This word mixes Latin and Cyrillic letters; retype it in Cyrillic letters only."
)
MSG_FOREIGN_LETTERS = N_(
    "Letters Russian does not use (%(letters)s), as in %(language)s: letters not entirely in "
    "Russian are withheld."
)
MSG_FOREIGN_LANGUAGE = N_(
    "This looks like %(language)s: letters not entirely in Russian are withheld or delayed for "
    "translation."
)
MSG_LOOKS_LIKE = N_(
    "This looks like %(language)s: %(words)s. Letters not entirely in Russian are withheld or "
    "delayed for translation."
)
# How one evidence word is quoted in MSG_LOOKS_LIKE (the Russian catalogue uses «»).
MSG_QUOTED_WORD = N_('"%(word)s"')
MSG_TRANSLIT = N_(
    "Russian typed in Latin letters; the censor reads only Cyrillic. The corrected text has it "
    "in Cyrillic."
)
MSG_LATIN = N_(
    "Latin letters: the censor may take foreign words for a code. Write names and titles in "
    "Cyrillic."
)
MSG_UNKNOWN_WORD = N_("Not a Russian word we know: check the spelling (names are fine).")
MSG_LENGTH = N_(
    "%(service)s accepts up to %(limit)s characters including spaces; this letter has %(chars)s. "
    "The part past the limit is marked."
)
MSG_LENGTH_NO_SPACES = N_(
    "%(service)s accepts up to %(limit)s characters not counting spaces; this letter has %(chars)s."
)

# More bad characters than this share of the text means it is not a letter at all.
_BINARY_SHARE = 0.01


# Control codes (Cc) except those a letter may hold (tab, line feed, form feed, carriage
# return), lone surrogates left by a broken decoding, and
# U+FFFD, the mark of a byte that was not UTF-8.
_BAD_CHAR_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")


class _Builder:
    """Collects findings and text edits for one check."""

    def __init__(self, text: str, gettext: Callable[[str], str]):
        self.text = text
        self._ = gettext
        self.findings: list[Finding] = []
        self.edits: dict[tuple[int, int], str] = {}

    def add(
        self,
        kind: str,
        start: int,
        end: int,
        message: str,
        suggestion: str | None = None,
        topic: str | None = None,
        **params: object,
    ) -> None:
        text = filled(self._(message), params)
        self.findings.append(
            Finding(kind, start, end, self.text[start:end], text, suggestion, topic)
        )

    def fixed_text(self) -> str:
        out: list[str] = []
        last = 0
        for (start, end), replacement in sorted(self.edits.items()):
            if start < last:
                continue  # overlapping edits cannot happen; keep the first if they ever do
            out.append(self.text[last:start])
            out.append(replacement)
            last = end
        out.append(self.text[last:])
        return "".join(out)


def _stats(text: str, words: list[Word], pages: bool = True) -> Stats:
    russian = sum(1 for word in words if word.label == RU)
    share = round(russian / len(words), 3) if words else 0.0
    return Stats(len(text), len(words), share, a4_pages(text) if pages else 0.0)


def _reject(builder: _Builder, language: str = "unknown") -> CheckResult:
    text = builder.text
    too_large = len(text) > MAX_INPUT_CHARS
    return CheckResult(
        verdict=result.REJECT,
        language=language,
        findings=builder.findings,
        fixed_text=text,
        stats=Stats(len(text), 0, 0.0, 0.0 if too_large else a4_pages(text)),
    )


@lru_cache(maxsize=65536)
def _token_facts(token: str) -> tuple[str, str, bool]:
    """A token's normal form, its script, and whether it is capitalised (not all capitals).

    Cached: the same words recur within a letter and across the letters of a batch.
    """
    norm = unicodedata.normalize("NFC", token).replace("\u0301", "").replace("\u0300", "")
    letters = [char for char in norm if char.isalpha()]
    capitalised = bool(letters) and letters[0].isupper() and not all(c.isupper() for c in letters)
    return norm, word_script(norm), capitalised


def _all_capitals(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return all(char.isupper() for char in letters)


def _words(text: str, spans: list[Span], builder: _Builder) -> list[Word]:
    """Tokenise (outside links and phone numbers), respell look-alikes, mark probable names.

    Runs for every word of every letter: its tests are written out here, not called.
    """
    bounds = sentence_bounds(text)
    last = len(bounds) - 1
    sentence = 0
    # Where the current sentence ends, when another one follows it.
    boundary = bounds[0][1] if last > 0 else None
    words: list[Word] = []
    first_in_sentence = True
    for start, end, token in iter_words(text, spans):
        if boundary is not None and start >= boundary:
            while sentence < last and start >= bounds[sentence][1]:
                sentence += 1
            boundary = bounds[sentence][1] if sentence < last else None
            first_in_sentence = True
        # A digit and a hyphen before the word: a numeral's ending («к 15-му», «5-й»), not a
        # word («му» is Bulgarian). ``str.isdecimal`` is what a regex's digit matches.
        if start >= 2 and text[start - 1] == "-" and text[start - 2].isdecimal():
            continue
        norm, script, capitalised = _token_facts(token)
        if script == MIXED_SCRIPTS:
            fixed = fix_word(norm)
            if fixed is not None:
                builder.add(result.LOOKALIKE, start, end, MSG_LOOKALIKE, suggestion=fixed)
                builder.edits[(start, end)] = fixed
                norm, script, capitalised = _token_facts(fixed)
            else:
                builder.add(result.LOOKALIKE, start, end, MSG_MIXED_SCRIPT)
        name_like = not first_in_sentence and capitalised
        words.append(Word(start, end, token, norm, script, sentence, name_like))
        first_in_sentence = False
    _respell_latin_lookalikes(words, builder)
    return words


def _respell_latin_lookalikes(words: list[Word], builder: _Builder) -> None:
    """A Latin word made only of look-alike letters («Bce», «HET») beside Cyrillic words."""
    for index, word in enumerate(words):
        if word.script != LATIN_SCRIPT or len(word.norm) < 2:
            continue
        neighbours = [words[i] for i in (index - 1, index + 1) if 0 <= i < len(words)]
        if not any(
            other.script == CYRILLIC_SCRIPT and other.sentence == word.sentence
            for other in neighbours
        ):
            continue
        if any(word.norm.lower() in markers for markers in LATIN_MARKERS.values()):
            continue
        cyrillic = latin_as_cyrillic(word.norm)
        if cyrillic is None or not analyse(cyrillic.lower()).known:
            continue
        builder.add(result.LOOKALIKE, word.start, word.end, MSG_LOOKALIKE, suggestion=cyrillic)
        builder.edits[(word.start, word.end)] = cyrillic
        word.norm = cyrillic
        word.script = CYRILLIC_SCRIPT


def language_label(code: str, gettext: Callable[[str], str]) -> str | None:
    """A language's name for the writer: the interface's name and the language's own, when
    they differ («немецкий язык (Deutsch)», "German (Deutsch)", "English")."""
    name = LANGUAGE_NAMES.get(code)
    if name is None:
        return None
    translated = gettext(name)
    autonym = AUTONYMS.get(code)
    if autonym is None or autonym.casefold() == translated.casefold():
        return translated
    return f"{translated} ({autonym})"


def _quote(words: list[Word] | tuple[Word, ...], builder: _Builder) -> str:
    return ", ".join(filled(builder._(MSG_QUOTED_WORD), {"word": word.text}) for word in words)


def _run_evidence(run: Run) -> list[Word]:
    """Up to three words of a passage that show its language: not Russian, or its own words."""
    markers = CYRILLIC_MARKERS.get(run.label, frozenset())
    shown = [
        word
        for word in run.words
        if word.script == CYRILLIC_SCRIPT and (not word.known or word.norm.lower() in markers)
    ]
    # Words Russian does not know first, then longer ones; shown in the order of the text.
    best = sorted(shown or run.words, key=lambda word: (word.known, len(word.norm) < 3))[:3]
    return sorted(best, key=lambda word: word.start)


def _run_findings(text: str, runs: list[Run], builder: _Builder) -> None:
    _ = builder._
    for run in runs:
        if run.label == RU_TRANSLIT:
            parts: list[str] = []
            last = run.start
            for word in run.words:
                parts.append(text[last : word.start])
                reading = word.cyrillic or to_cyrillic(word.norm)[0]
                if word.script == LATIN_SCRIPT:
                    builder.edits[(word.start, word.end)] = reading
                    parts.append(reading)
                else:
                    parts.append(builder.edits.get((word.start, word.end), word.text))
                last = word.end
            builder.add(
                result.TRANSLIT, run.start, run.end, MSG_TRANSLIT, suggestion="".join(parts)
            )
        elif run.label == UNPLACED_LATIN:
            builder.add(result.LATIN, run.start, run.end, MSG_LATIN)
        else:
            language = language_label(run.label, _) or run.label
            special = foreign_letters(run.words[0].norm) if len(run.words) == 1 else []
            if special:
                builder.add(
                    result.FOREIGN_LETTERS,
                    run.start,
                    run.end,
                    MSG_FOREIGN_LETTERS,
                    letters=", ".join(special),
                    language=language,
                )
            elif run.label in CYRILLIC_LANGUAGES:
                builder.add(
                    result.FOREIGN_LANGUAGE,
                    run.start,
                    run.end,
                    MSG_LOOKS_LIKE,
                    language=language,
                    words=_quote(_run_evidence(run), builder),
                )
            else:
                builder.add(
                    result.FOREIGN_LANGUAGE,
                    run.start,
                    run.end,
                    MSG_FOREIGN_LANGUAGE,
                    language=language,
                )


def _risk_findings(spans: list[Span], words: list[Word], builder: _Builder) -> None:
    forms = []
    for word in words:
        if word.label in (RU, UNKNOWN, NEUTRAL) and word.script == CYRILLIC_SCRIPT:
            forms.append(word.norm)
        elif word.label == RU_TRANSLIT and word.cyrillic:
            forms.append(word.cyrillic)
        else:
            forms.append("")
    for match in find_risks(forms):
        start, end = words[match.first].start, words[match.last].end
        builder.add(result.RISK, start, end, match.reason, topic=match.topic_id)
    for span in spans:
        if span.kind in NEUTRAL_SPAN_KINDS:
            continue
        reason = PHONE_REASON if span.kind == "phone" else LINK_REASON
        builder.add(result.RISK, span.start, span.end, reason, topic=span.kind)


def _length_findings(text: str, builder: _Builder) -> None:
    for limit in SERVICE_LIMITS:
        chars = count_chars(text, limit.counts_spaces)
        if chars <= limit.max_chars:
            continue
        if limit.counts_spaces:
            builder.add(
                result.LENGTH,
                limit.max_chars,
                len(text),
                MSG_LENGTH,
                topic=limit.id,
                service=limit.name,
                limit=f"{limit.max_chars:,}".replace(",", "\u00a0"),
                chars=f"{chars:,}".replace(",", "\u00a0"),
            )
        else:
            builder.add(
                result.LENGTH,
                0,
                len(text),
                MSG_LENGTH_NO_SPACES,
                topic=limit.id,
                service=limit.name,
                limit=limit.max_chars,
                chars=chars,
            )


def _neighbour_language(language: str, neighbour: Neighbour, runs: list[Run]) -> str:
    """The letter's language once the neighbour check has spoken.

    It turns away a text the word counts took for Russian only on strong evidence; it names
    a text no word count could place only beside the language's own function words; and
    among the neighbours it knows better which one a text is (Tatar and Kazakh share ө and ү).
    """
    if language == RU:
        named = neighbour.language if neighbour.withhold else RU
    elif language == UNKNOWN:
        named = neighbour.language if neighbour.withhold and neighbour.named else UNKNOWN
    elif language in neighbour.leads and not neighbour.clearly_beats(language):
        named = language
    else:
        named = neighbour.language
    if named in CYRILLIC_LANGUAGES:
        # One text, one neighbour: its passages take the text's name («з» is not Ukrainian
        # in a Belarusian sentence).
        for run in runs:
            if run.label in CYRILLIC_LANGUAGES:
                run.label = named
    return named


def _language_finding(
    words: list[Word], script: str, language: str, builder: _Builder, evidence: str | None = None
) -> None:
    """One finding over the text's words in ``script``, naming its language (and, for a
    Cyrillic neighbour, the words that show it): no passage marks them otherwise."""
    own = [word for word in words if word.script == script] or words
    params = {"language": language_label(language, builder._)}
    message = MSG_FOREIGN_LANGUAGE
    if evidence is not None:
        message, params["words"] = MSG_LOOKS_LIKE, evidence
    builder.add(result.FOREIGN_LANGUAGE, own[0].start, own[-1].end, message, **params)


def _neighbour_finding(words: list[Word], neighbour: Neighbour, builder: _Builder) -> None:
    """One finding over the text's Cyrillic words, naming the language and its evidence."""
    cyrillic = [word for word in words if word.script == CYRILLIC_SCRIPT] or words
    evidence = _quote(neighbour.evidence or tuple(cyrillic[:3]), builder)
    _language_finding(words, CYRILLIC_SCRIPT, neighbour.language, builder, evidence)


def _latin_label(label: str) -> bool:
    """A passage's label that a Latin-script language's name may replace."""
    return label in (RU_TRANSLIT, UNPLACED_LATIN) or label in LATIN_LANGUAGES


def _named_language(language: str, words: list[Word], runs: list[Run]) -> str | None:
    """The name a turned-away text gets beyond what the word counts found (Spanish,
    Swedish, Georgian …), or None; its Latin passages then take that name. In a Russian letter
    with passages in another language («mixed»), each Latin passage is named on its own."""
    if language == MIXED_LANGUAGE:
        for run in runs:
            if _latin_label(run.label) and len(run.words) >= SUBSTANTIAL_WORDS:
                run.label = foreign_language(run.words, run.label) or run.label
        return None
    if language == RU or language in CYRILLIC_LANGUAGES:
        return None
    named = foreign_language(words, language)
    if named is None or named in ALPHABET_LANGUAGES:
        return named
    for run in runs:
        if _latin_label(run.label):
            run.label = named
    return named


def check(text: str, locale: str = "ru") -> CheckResult:
    """Check that ``text`` is a letter in Russian a prison censor will let through.

    Returns a :class:`CheckResult`: verdict ``reject`` when the letter is not Russian as a
    whole (or empty or unusable), ``warn`` when it is Russian but has something to fix or
    think about (look-alike letters, unknown words, risky topics, over-length), ``ok``
    otherwise. Messages are in ``locale`` ("ru" or "en"). Never raises on odd input.
    """
    gettext = translator(locale)
    builder = _Builder(text, gettext)
    if len(text) > MAX_INPUT_CHARS:
        builder.add(result.UNUSABLE, 0, 0, MSG_TOO_LARGE, chars=len(text), limit=MAX_INPUT_CHARS)
        return _reject(builder)
    bad = [match.start() for match in _BAD_CHAR_RE.finditer(text)]
    if bad and ("\x00" in text or len(bad) > max(1, len(text) * _BINARY_SHARE)):
        builder.add(result.UNUSABLE, bad[0], bad[0] + 1, MSG_BINARY)
        return _reject(builder)
    for index in bad:
        builder.add(result.CONTROL_CHARACTER, index, index + 1, MSG_CONTROL)
        builder.edits[(index, index + 1)] = ""
    if not text.strip():
        builder.add(result.EMPTY, 0, len(text), MSG_EMPTY)
        return _reject(builder)

    spans = special_spans(text)
    words = _words(text, spans, builder)
    if not words:
        builder.add(result.EMPTY, 0, len(text), MSG_NO_WORDS)
        return _reject(builder)
    label_words(words)
    runs = foreign_runs(words)
    counted = decide(words, runs).language
    language = counted
    neighbour = None
    if counted == RU:
        # Most letters: asked only when enough words are not Russian to change the verdict.
        ask = could_withhold(words)
    else:
        ask = counted == UNKNOWN or counted in CYRILLIC_LANGUAGES
    if ask:
        neighbour = identify(words)
    if neighbour is not None:
        language = _neighbour_language(counted, neighbour, runs)
    named = _named_language(language, words, runs)
    if named is not None:
        language = named
        if named in ALPHABET_LANGUAGES:  # Georgian, Hebrew: their words, in one finding
            _language_finding(words, OTHER_SCRIPT, named, builder)
    _run_findings(text, runs, builder)
    if neighbour is not None and language != counted and counted in (RU, UNKNOWN):
        _neighbour_finding(words, neighbour, builder)
    if language in (RU, "mixed"):
        for word in words:
            if word.label == UNKNOWN and not _all_capitals(word.norm):
                builder.add(result.UNKNOWN_WORD, word.start, word.end, MSG_UNKNOWN_WORD)
    if language == UNKNOWN:
        builder.add(result.UNUSABLE, 0, len(text), MSG_NOT_RECOGNISED)
    _risk_findings(spans, words, builder)
    _length_findings(text, builder)
    for start, end in unprintable_spans(text):
        builder.add(result.UNPRINTABLE, start, end, MSG_UNPRINTABLE)
        builder.edits[(start, end)] = ""

    if language != RU:
        verdict = result.REJECT
    elif builder.findings:
        verdict = result.WARN
    else:
        verdict = result.OK
    findings = sorted(builder.findings, key=lambda f: (f.start, f.end, f.kind))
    return CheckResult(
        verdict=verdict,
        language=language,
        findings=findings,
        fixed_text=builder.fixed_text(),
        stats=_stats(text, words),
        language_name=gettext(LANGUAGE_NAMES[language]) if language in LANGUAGE_NAMES else None,
        language_autonym=AUTONYMS.get(language),
    )
