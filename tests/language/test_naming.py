"""A letter turned away as not Russian names its language, in the writer's own word for it.

Real short texts (2-3 sentences) from the development part of
``benchmarks/language_eval/named_dev.jsonl`` (each with its source there); the held-out part is
measured by ``benchmarks/language_benchmark.py`` only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letters.language import check, naming
from letters.language.result import LANGUAGES, REJECT

DEV = Path(__file__).resolve().parents[2] / "benchmarks" / "language_eval" / "named_dev.jsonl"
# The languages a turned-away letter is named in (beside the Cyrillic neighbours).
NAMED = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "lt", "lv", "et", "fi", "sv")
NAMED += ("da", "nb", "sk", "sl", "hr", "hu", "ro", "tr", "ca", "eu", "sq", "id")
NAMED += ("uk", "be", "ka", "he")
PER_LANGUAGE = 3


def _samples() -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    chosen: list[tuple[str, str]] = []
    for lang in NAMED:
        texts = [row["text"] for row in rows if row["lang"] == lang][:PER_LANGUAGE]
        assert len(texts) == PER_LANGUAGE, lang
        chosen += [(lang, text) for text in texts]
    return chosen


# Danish and Norwegian Bokmål are written nearly alike: a short text may be named either (the
# benchmark counts which); any other language is wrong.
TWINS = {"da": {"da", "nb"}, "nb": {"da", "nb"}}


@pytest.mark.parametrize(("lang", "text"), _samples())
def test_a_real_short_text_is_named_in_its_language(lang, text):
    result = check(text, "en")
    assert result.verdict == REJECT
    assert result.language in TWINS.get(lang, {lang})
    assert result.language_autonym == naming.AUTONYMS[result.language]
    assert result.language in LANGUAGES


SPANISH = "Hola, ¿qué tal? Te escribo desde Madrid y pienso en ti cada día. Un abrazo fuerte."
SWEDISH = "Hej! Jag tänker på dig varje dag och väntar på ditt brev. Håll ut!"
GEORGIAN = "გამარჯობა! ჩვენ შენზე ვფიქრობთ ყოველ დღე. გელოდებით სახლში."


def test_the_message_names_the_language_for_the_writer_in_english_and_russian():
    english = check(SPANISH, "en")
    russian = check(SPANISH, "ru")
    [finding] = [f for f in english.findings if f.kind == "foreign_language"]
    assert finding.message.startswith("This looks like Spanish (Español): ")
    [finding] = [f for f in russian.findings if f.kind == "foreign_language"]
    assert finding.message.startswith("Похоже, это испанский язык (Español): ")
    assert (english.language_name, russian.language_name) == ("Spanish", "испанский язык")
    # A named letter is not also "not recognised".
    assert not [f for f in english.findings if f.kind == "unusable"]


def test_a_text_in_its_own_alphabet_is_named_by_it():
    result = check(GEORGIAN, "ru")
    assert (result.verdict, result.language, result.language_autonym) == (REJECT, "ka", "ქართული")
    [finding] = [f for f in result.findings if f.kind == "foreign_language"]
    assert "грузинский язык (ქართული)" in finding.message
    assert finding.text == GEORGIAN[finding.start : finding.end]


def test_english_in_an_english_interface_is_named_once():
    result = check("Dear friend, we think of you every day. Stay strong!", "en")
    assert (result.language, result.language_name, result.language_autonym) == (
        "en",
        "English",
        "English",
    )
    [finding] = [f for f in result.findings if f.kind == "foreign_language"]
    assert finding.message.startswith("This looks like English: ")


@pytest.mark.parametrize(
    "words",
    [
        ["asdf", "qwer", "zxcv", "tyui", "ghjk"],  # gibberish
        ["jjjj", "kkkk", "llll"],
        ["Ciao", "amico", "mio"],  # too few words to tell Italian from Portuguese
        ["Hola", "amigo"],  # too few words
    ],
)
def test_no_name_without_a_clear_lead(words):
    assert naming.latin_language(words) is None


def test_russian_in_latin_letters_stays_translit():
    result = check("Privet! Kak dela? Ya tebya ochen' lyublyu i zhdu pis'ma.", "en")
    assert result.language == "ru-translit"
    assert result.language_name is None


def test_a_russian_letter_is_never_named(monkeypatch):
    """The naming costs a Russian letter nothing: it is not even asked."""

    def refuse(*args):
        raise AssertionError("a Russian letter was sent to the naming")

    monkeypatch.setattr("letters.language.checker.foreign_language", refuse)
    result = check("Здравствуйте! Пишу вам из Казани, у нас выпал первый снег.", "ru")
    assert result.language == "ru"
    assert (result.language_name, result.language_autonym) == (None, None)


def test_api_gives_the_language_code_and_names(client):
    payload = client.post(
        "/api/v1/check", json={"text": SWEDISH}, headers={"Accept-Language": "ru"}
    ).json
    assert payload["verdict"] == "reject"
    assert payload["language"] == "sv"
    assert payload["language_name"] == "шведский язык"
    assert payload["language_autonym"] == "Svenska"


def test_a_passage_in_another_language_inside_a_russian_letter_is_named_on_its_own():
    text = "Привет, дорогой друг! Как ты там? Мы все о тебе думаем. " + SPANISH
    result = check(text, "en")
    assert (result.verdict, result.language) == (REJECT, "mixed")
    [finding] = [f for f in result.findings if f.kind == "foreign_language"]
    assert finding.message.startswith("This looks like Spanish (Español): ")
    # Read as Spanish, it is no longer offered as Russian to respell in Cyrillic.
    assert not [f for f in result.findings if f.kind == "translit"]
    assert result.fixed_text == text


_LETTERS = "abcdeéèäöüßñçłąęšžčřůõāēīūėįųåøæ'’ абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў"
_OTHERS = "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰאבגדהוזחטיכלמנסעפצקרשת"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_LETTERS + _OTHERS + " .,!?\n", max_size=300))
def test_any_text_gets_one_consistent_name(text):
    result = check(text, "en")
    assert result.language in LANGUAGES
    assert result.language_autonym == naming.AUTONYMS.get(result.language)
    if result.language_autonym is not None:
        assert result.language_name is not None
    if result.verdict != REJECT:
        assert result.language == "ru"


def test_a_latin_word_in_a_georgian_text_is_not_called_georgian():
    text = "გამარჯობა! ჩვენ ვუყურეთ Netflix ერთად და შენზე ვფიქრობდით ყოველ დღე."
    result = check(text, "en")
    assert result.language == "ka"
    [finding] = [f for f in result.findings if f.kind == "foreign_language"]
    assert finding.start == 0 and finding.end == len(text) - 1  # the Georgian words
    assert "Georgian (ქართული)" in finding.message


def _rows(name: str) -> list[dict]:
    path = DEV.parent / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_the_named_sets_are_real_sourced_short_texts_kept_apart():
    dev, held_out = _rows("named_dev.jsonl"), _rows("named_holdout.jsonl")
    assert {row["lang"] for row in held_out} == set(NAMED)
    assert all(row["source"].startswith(("Django ", "Sphinx ", "Wagtail ")) for row in dev)
    assert all(row["source"].startswith(("Django ", "Sphinx ", "Wagtail ")) for row in held_out)
    assert all(50 <= len(row["text"]) <= 400 for row in dev + held_out)
    assert not {row["text"] for row in dev} & {row["text"] for row in held_out}
    counts = {lang: sum(row["lang"] == lang for row in held_out) for lang in NAMED}
    assert min(counts.values()) >= 15


def test_the_latin_profiles_are_not_counted_from_the_named_sets_sources():
    profiles = DEV.parents[2] / "letters" / "language" / "data" / "ngrams_latin.json"
    data = json.loads(profiles.read_text(encoding="utf-8"))
    assert set(data["languages"]) == set(NAMED) - naming.ALPHABET_LANGUAGES - {"uk", "be"}
    sources = " ".join(data["sources"].values()).lower()
    assert not [name for name in ("django", "sphinx", "wagtail") if name in sources]
