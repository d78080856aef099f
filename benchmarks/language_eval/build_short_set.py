"""Rebuild the short-text evaluation set from Django's translation catalogues.

The set (``short.jsonl`` for tuning, ``short_holdout.jsonl`` held out) holds real sentences
that people translated into the Cyrillic languages the checker must tell from Russian: every
``msgstr`` of Django's own catalogues (``django/conf/locale`` and ``django/contrib/*/locale``)
that is 40–270 characters long, has at most three sentences and is not mostly placeholders or
markup. Each row records the project, the file and the msgid it translates. Run it against a
downloaded Django wheel (the rows are committed; this script only documents where they came
from and makes the choice repeatable)::

    pip download --no-deps -d /tmp/dj 'django==5.2.19'
    python benchmarks/language_eval/build_short_set.py /tmp/dj/django-5.2.19-py3-none-any.whl

Texts the script cannot find (tricky Russian, other sources) live in ``short_extra.jsonl`` and
are appended unchanged.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import sys
import zipfile
from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
LANGS = ("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tt", "mn")
PER_LANGUAGE = 24
RUSSIAN = 40
PLACEHOLDER_RE = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|&\w+;")
SENTENCE_END_RE = re.compile(r"[.!?…]+(?:\s|$)")


def usable(text: str) -> bool:
    """A real sentence or three, not a label, a format string or a markup fragment."""
    if not 40 <= len(text) <= 270 or "\n" in text.strip():
        return False
    if len(SENTENCE_END_RE.findall(text)) > 3:
        return False
    placeholders = PLACEHOLDER_RE.findall(text)
    if len(placeholders) > 1 or sum(len(p) for p in placeholders) > len(text) * 0.15:
        return False
    letters = [char for char in text if char.isalpha()]
    cyrillic = sum(1 for char in letters if "\u0400" <= char <= "\u04ff")
    return cyrillic >= 0.9 * len(letters) and len(text.split()) >= 5


def held_out(text: str) -> bool:
    """About a third of the texts, chosen by a hash so the split never drifts."""
    return hashlib.sha256(text.encode()).digest()[0] % 3 == 0


def main(wheel: str) -> None:
    version = Path(wheel).name.split("-")[1]
    found: dict[str, list[dict]] = {lang: [] for lang in LANGS}
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            match = re.search(r"/locale/([a-z]+)/LC_MESSAGES/(django|djangojs)\.po$", name)
            if not match or match.group(1) not in found:
                continue
            catalog = read_po(io.BytesIO(archive.read(name)))
            for message in catalog:
                text = message.string[0] if isinstance(message.string, tuple) else message.string
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                if not text or not msgid or not usable(text):
                    continue
                found[match.group(1)].append(
                    {
                        "text": text.strip(),
                        "lang": match.group(1),
                        "source": f"Django {version}, {name}, msgid {msgid!r}",
                    }
                )
    tuned, holdout = [], []
    for lang, rows in found.items():
        unique = list({row["text"]: row for row in rows}.values())
        random.Random(lang).shuffle(unique)
        for row in unique[: RUSSIAN if lang == "ru" else PER_LANGUAGE]:
            (holdout if held_out(row["text"]) else tuned).append(row)
    extra = HERE / "short_extra.jsonl"
    if extra.exists():
        for line in extra.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                (holdout if held_out(row["text"]) else tuned).append(row)
    for path, rows in (("short.jsonl", tuned), ("short_holdout.jsonl", holdout)):
        with (HERE / path).open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{path}: {len(rows)} texts")


if __name__ == "__main__":
    main(sys.argv[1])
