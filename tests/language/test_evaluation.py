"""The evaluation set: real texts in each language, short Russian letters, translit, mixes.

The set lives in ``benchmarks/language_eval/eval.jsonl`` (one JSON object a line: text, lang,
source); ``benchmarks/language_benchmark.py`` compares the same set with other detectors.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from letters.language import check

EVAL_FILE = Path(__file__).resolve().parents[2] / "benchmarks" / "language_eval" / "eval.jsonl"
# Each language must be named right at least this often; Russian must never be rejected.
MIN_ACCURACY = 0.85


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with EVAL_FILE.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_the_set_is_large_and_varied(rows):
    counts = Counter(row["lang"] for row in rows)
    assert len(rows) >= 150
    assert counts["ru"] >= 60
    short = [row for row in rows if row["lang"] == "ru" and 80 <= len(row["text"]) <= 300]
    assert len(short) >= 40
    expected = {"uk", "be", "bg", "sr", "mk", "kk", "tt", "ba", "en", "de", "fr", "pl", "cs"}
    assert expected | {"ru-translit", "mixed"} <= set(counts)


def test_no_russian_text_is_rejected(rows):
    rejected = [
        row["text"]
        for row in rows
        if row["lang"] == "ru" and check(row["text"]).verdict == "reject"
    ]
    assert rejected == []


def test_every_other_text_is_rejected(rows):
    passed = [
        row["text"]
        for row in rows
        if row["lang"] != "ru" and check(row["text"]).verdict != "reject"
    ]
    assert passed == []


def test_each_language_is_named_right(rows):
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in rows:
        total[row["lang"]] += 1
        right[row["lang"]] += check(row["text"]).language == row["lang"]
    accuracy = {lang: right[lang] / total[lang] for lang in total}
    assert {lang: share for lang, share in accuracy.items() if share < MIN_ACCURACY} == {}


def test_spans_in_the_whole_set_point_at_their_text(rows):
    for row in rows:
        text = row["text"]
        for finding in check(text).findings:
            assert finding.text == text[finding.start : finding.end]


# The short-text set: real 1-3 sentence texts in Russian and its Cyrillic neighbours (see
# benchmarks/language_eval/build_short_set.py), tuned on and held out.
SHORT_DIR = EVAL_FILE.parent
NEIGHBOURS = {"uk", "be", "bg", "sr", "mk", "rue", "kk", "ky", "tt", "ba", "mn"}
# Floors a little under what the checker reaches (of the neighbours' texts named right: tuned
# 99.7 %, held out 97.8 %; openstreetmap-website development set 99.5 %, iD held-out set
# 96.5 %, third held-out set 98.4 %): a regression guard, not the target.
SHORT_FLOORS = {
    "short.jsonl": 0.98,
    "short_holdout.jsonl": 0.96,
    "short_osm_dev.jsonl": 0.98,
    "short_id_holdout.jsonl": 0.95,
    "short_third_holdout.jsonl": 0.97,
}


THIRD_SOURCES = ("KDE ", "django-allauth ", "plone.app.locales ")


def _short(name: str) -> list[dict]:
    with (SHORT_DIR / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_the_short_set_is_real_sourced_and_covers_every_neighbour():
    rows = _short("short.jsonl") + _short("short_holdout.jsonl")
    assert len(rows) >= 150
    assert {row["lang"] for row in rows} == NEIGHBOURS | {"ru"}
    assert all(row["source"] and 40 <= len(row["text"]) <= 270 for row in rows)
    held_out = {row["text"] for row in _short("short_holdout.jsonl")}
    assert held_out and not held_out & {row["text"] for row in _short("short.jsonl")}


def test_the_other_sources_sets_are_sourced_and_new():
    main = {row["text"] for row in _short("short.jsonl") + _short("short_holdout.jsonl")}
    dev, fresh = _short("short_osm_dev.jsonl"), _short("short_id_holdout.jsonl")
    assert all(row["source"].startswith("openstreetmap-website") for row in dev)
    assert all(row["source"].startswith("iD ") for row in fresh)
    third = _short("short_third_holdout.jsonl")
    assert all(row["source"].startswith(THIRD_SOURCES) for row in third)
    assert {row["lang"] for row in third} >= {"ru", "uk", "be", "bg", "sr", "mk", "kk", "mn"}
    texts = [row["text"] for row in dev + fresh + third]
    assert len(set(texts)) == len(texts) and not main & set(texts)
    assert all(40 <= len(text) <= 270 for text in texts)


@pytest.mark.parametrize("name", sorted(SHORT_FLOORS))
def test_short_russian_texts_are_never_rejected(name):
    rejected = [
        row["text"]
        for row in _short(name)
        if row["lang"] == "ru" and check(row["text"]).verdict == "reject"
    ]
    assert rejected == []


@pytest.mark.parametrize("name", sorted(SHORT_FLOORS))
def test_short_neighbour_texts_are_rejected_with_their_language(name):
    rows = [row for row in _short(name) if row["lang"] in NEIGHBOURS]
    right = 0
    for row in rows:
        result = check(row["text"])
        right += result.verdict == "reject" and result.language == row["lang"]
    assert right / len(rows) >= SHORT_FLOORS[name]


def test_the_letter_profiles_are_not_counted_from_evaluation_sources():
    profiles = EVAL_FILE.parents[2] / "letters" / "language" / "data" / "ngrams.json"
    sources = json.loads(profiles.read_text(encoding="utf-8"))["sources"]
    evaluated = ("django", "sphinx", "wagtail", "mediawiki", "id.min", "dist/locales")
    evaluated += ("allauth", "plone", "okular", "dolphin", "konsole", "korganizer")
    assert [
        lang for lang, names in sources.items() if any(e in names.lower() for e in evaluated)
    ] == []
    assert [lang for lang, names in sources.items() if "ark" in names.split(", ")] == []
    # openstreetmap-website, whose other messages make the development set, trains Bashkir only.
    assert [lang for lang, names in sources.items() if "openstreetmap" in names] == ["ba"]
