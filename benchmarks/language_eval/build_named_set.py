"""Rebuild the set of real short texts (2–3 sentences) on which the naming of a letter's
language is measured: ``named_dev.jsonl`` (looked at while building the naming) and
``named_holdout.jsonl`` (never looked at nor tuned on), each row with its source.

The texts are translations people made of Django's, Sphinx's and Wagtail's messages (their
gettext catalogues, inside the wheels; English: the messages themselves). None of these
projects feeds a profile (``make_ngrams.EVALUATION_SOURCES``), so every text is unseen by the
profiles. A text qualifies when it has two or three sentences, 50–400 characters, nearly all
its letters in the language's script, and is not mostly placeholders or markup. Ukrainian and
Belarusian texts the Cyrillic check was tuned on (``short.jsonl``) are left out. ::

    pip download --no-deps -d /tmp/src django==5.2.19 sphinx==9.0.4 wagtail==8.0.1
    python benchmarks/language_eval/build_named_set.py /tmp/src/*.whl
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import sys
from pathlib import Path

from build_short_set import wheel_messages, wheel_project

HERE = Path(__file__).resolve().parent
# Catalogue directory → our code, for the languages the checker names.
LANGS = {
    "de": "de", "fr": "fr", "es": "es", "it": "it", "pt": "pt", "pt_BR": "pt", "nl": "nl",
    "pl": "pl", "cs": "cs", "lt": "lt", "lv": "lv", "et": "et", "fi": "fi", "sv": "sv",
    "uk": "uk", "be": "be", "ka": "ka", "he": "he", "da": "da", "nb": "nb", "sk": "sk",
    "sl": "sl", "hr": "hr", "hu": "hu", "ro": "ro", "tr": "tr", "ca": "ca", "eu": "eu",
    "sq": "sq", "id": "id",
}  # fmt: skip
# English is the messages themselves, read from this catalogue of each project.
ENGLISH_FROM = "de"
SCRIPTS = {
    "uk": ("\u0400", "\u04ff"),
    "be": ("\u0400", "\u04ff"),
    "ka": ("\u10a0", "\u10ff"),
    "he": ("\u0590", "\u05ff"),
}
LATIN = ("A", "\u024f")
QUOTA = {"Django": 30, "Sphinx": 15, "Wagtail": 15}
PLACEHOLDER_RE = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|&\w+;|\$\d")
SENTENCE_RE = re.compile(r"(?<=[.!?…։])\s+")


def usable(text: str, lang: str) -> bool:
    """Two or three real sentences in the language's script, not a format string."""
    if not 50 <= len(text) <= 400 or "\n" in text.strip():
        return False
    sentences = [part for part in SENTENCE_RE.split(text) if len(part.split()) >= 2]
    if not 2 <= len(sentences) <= 3:
        return False
    placeholders = PLACEHOLDER_RE.findall(text)
    if len(placeholders) > 1 or sum(len(p) for p in placeholders) > len(text) * 0.15:
        return False
    low, high = SCRIPTS.get(lang, LATIN)
    letters = [char for char in text if char.isalpha()]
    own = sum(1 for char in letters if low <= char <= high)
    return own >= 0.9 * len(letters) and len(text.split()) >= 8


def held_out(text: str) -> bool:
    """About two thirds of the texts, chosen by a hash so the split never drifts."""
    return hashlib.sha256(text.encode()).digest()[0] % 3 != 0


def from_wheel(wheel: str) -> tuple[str, list[dict]]:
    project, version = wheel_project(wheel)
    rows = []
    for directory, name, msgid, text in wheel_messages(wheel, LANGS):
        if directory == ENGLISH_FROM and usable(msgid.strip(), "en"):
            source = f"{project} {version}, {name}, msgid {msgid!r} (the English message)"
            rows.append({"text": msgid.strip(), "lang": "en", "source": source})
        lang = LANGS[directory]
        if text and usable(text.strip(), lang):
            source = f"{project} {version}, {name}, msgid {msgid!r}"
            rows.append({"text": text.strip(), "lang": lang, "source": source})
    return project, rows


def main(paths: list[str]) -> None:
    logging.getLogger("babel").setLevel(logging.ERROR)  # plural-form notes of some catalogues
    tuned = {
        json.loads(line)["text"]
        for name in ("short.jsonl", "short_osm_dev.jsonl")
        for line in (HERE / name).read_text(encoding="utf-8").splitlines()
        if line
    }
    chosen: dict[str, dict] = {}
    for path in paths:
        project, rows = from_wheel(path)
        by_lang: dict[str, dict[str, dict]] = {}
        for row in rows:
            if row["text"] not in tuned:
                by_lang.setdefault(row["lang"], {}).setdefault(row["text"], row)
        for lang, unique in sorted(by_lang.items()):
            picked = list(unique.values())
            random.Random(f"{project}/{lang}").shuffle(picked)
            for row in picked[: QUOTA.get(project, 10)]:
                chosen.setdefault(row["text"], row)
    rows = sorted(chosen.values(), key=lambda row: (row["lang"], row["source"]))
    parts = {
        "named_dev.jsonl": [row for row in rows if not held_out(row["text"])],
        "named_holdout.jsonl": [row for row in rows if held_out(row["text"])],
    }
    for name, part in parts.items():
        with (HERE / name).open("w", encoding="utf-8") as handle:
            for row in part:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for row in part:
            counts[row["lang"]] = counts.get(row["lang"], 0) + 1
        print(f"{name}: {len(part)} texts", dict(sorted(counts.items())))


if __name__ == "__main__":
    main(sys.argv[1:])
