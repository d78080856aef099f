"""Rebuild the short-text evaluation set from translation catalogues of well-known projects.

The set (``short.jsonl`` for tuning, ``short_holdout.jsonl`` held out and never tuned on) holds
real sentences that people translated into Russian and the Cyrillic languages the checker must
tell from it. A text qualifies when it is 40–270 characters long, has at most three
sentences, is nearly all Cyrillic and is not mostly placeholders or markup. Per project and
language the script takes up to a fixed number of texts, half of them (where there are enough)
without any letter Russian lacks — the hard case. Each row records the project, the file and
the message it translates. Sources:

- gettext catalogues inside Python wheels (Django, Sphinx, Wagtail)::

      pip download --no-deps -d /tmp/src django==5.2.19 sphinx==9.0.4 wagtail==8.0.1

- MediaWiki extensions' ``i18n/<language>.json`` (the only sizeable source of Bashkir and
  Rusyn), read from git clones of the extensions' public repositories
  (wikimedia/mediawiki-extensions-Echo, -WikiEditor, -Cite, -CategoryTree).

::

    python benchmarks/language_eval/build_short_set.py /tmp/src/*.whl /path/to/clones/*

The rows are committed; this script documents where they came from and keeps the choice
repeatable. Texts from elsewhere (tricky Russian) live in ``short_extra.jsonl`` and are
appended unchanged.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
# Catalogue language codes → ours.
LANGS = {
    "ru": "ru", "uk": "uk", "uk_UA": "uk", "be": "be", "bg": "bg", "sr": "sr", "sr-ec": "sr",
    "mk": "mk", "rue": "rue", "kk": "kk", "kk-cyrl": "kk", "ky": "ky", "tt": "tt",
    "tt-cyrl": "tt", "ba": "ba", "mn": "mn",
}  # fmt: skip
# Texts per project and language (Django is the largest, Russian the most important).
QUOTA = {"Django": 24, "Sphinx": 8, "Wagtail": 8}
MEDIAWIKI_QUOTA = 8
RUSSIAN_QUOTA = {"Django": 40}
RUSSIAN_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
PLACEHOLDER_RE = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|&\w+;|\$\d")
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


def plain(text: str) -> bool:
    """No Cyrillic letter Russian lacks."""
    return all(
        not ("\u0400" <= char <= "\u04ff") or char in RUSSIAN_LETTERS for char in text.lower()
    )


def held_out(text: str) -> bool:
    """About a third of the texts, chosen by a hash so the split never drifts."""
    return hashlib.sha256(text.encode()).digest()[0] % 3 == 0


def wheel_messages(wheel: str, directories: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """Each translated message of a wheel's gettext catalogues in ``directories`` (locale
    names): the directory, the path of the catalogue in the wheel, the msgid and the text."""
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            match = re.search(r"/locale/([A-Za-z_]+)/LC_MESSAGES/[^/]+\.po$", name)
            if not match or match.group(1) not in directories:
                continue
            catalog = read_po(io.BytesIO(archive.read(name)))
            for message in catalog:
                text = message.string[0] if isinstance(message.string, tuple) else message.string
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                if msgid:
                    yield match.group(1), name, msgid, text or ""


def wheel_project(wheel: str) -> tuple[str, str]:
    """The project («Django») and version a wheel's file name gives."""
    project, version = Path(wheel).name.split("-")[:2]
    return project.capitalize(), version


def from_wheel(wheel: str) -> tuple[str, list[dict]]:
    project, version = wheel_project(wheel)
    rows = []
    for directory, name, msgid, text in wheel_messages(wheel, LANGS):
        if text and usable(text.strip()):
            source = f"{project} {version}, {name}, msgid {msgid!r}"
            rows.append({"text": text.strip(), "lang": LANGS[directory], "source": source})
    return project, rows


# MediaWiki's message syntax: keep the first form of GENDER/PLURAL, the label of a link.
_MAGIC_RE = re.compile(r"\{\{(?:GENDER|PLURAL):[^|}]*\|([^|}]*)[^}]*\}\}")
_LINK_RE = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]|\[\S+ ([^\]]*)\]")


def _unwiki(text: str) -> str:
    text = _MAGIC_RE.sub(r"\1", text)
    text = _LINK_RE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    return text.replace("'''", "").replace("''", "").strip()


def from_mediawiki(clone: str) -> tuple[str, list[dict]]:
    git = ["git", "-C", clone]
    repo = Path(clone).resolve()
    name = next(p for p in (repo.name, repo.parent.name) if "mediawiki" in p)
    name = name.split("+")[-1]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()  # fmt: skip
    files = subprocess.run([*git, "ls-tree", "-r", "--name-only", "HEAD"], capture_output=True,
                           text=True, check=True).stdout.split()  # fmt: skip
    rows = []
    for path in files:
        match = re.fullmatch(r"i18n/(?:[^/]+/)?([a-z-]+)\.json", path)
        if not match or match.group(1) not in LANGS:
            continue
        data = json.loads(subprocess.run([*git, "show", f"HEAD:{path}"], capture_output=True,
                                         text=True, check=True).stdout)  # fmt: skip
        for key, value in data.items():
            if key.startswith("@") or not isinstance(value, str) or "{{" in _unwiki(value):
                continue
            text = _unwiki(value)
            if usable(text):
                source = f"MediaWiki {name} ({commit}), {path}, message {key}"
                rows.append({"text": text, "lang": LANGS[match.group(1)], "source": source})
    return f"MediaWiki {name}", rows


def pick(rows: list[dict], quota: int, seed: str) -> list[dict]:
    """Up to ``quota`` distinct texts, half of them without letters Russian lacks if possible."""
    unique = list({row["text"]: row for row in rows}.values())
    random.Random(seed).shuffle(unique)
    if unique and unique[0]["lang"] == "ru":
        return unique[:quota]
    bare = [row for row in unique if plain(row["text"])][: quota // 2]
    rest = [row for row in unique if row not in bare]
    return bare + rest[: quota - len(bare)]


def main(paths: list[str]) -> None:
    chosen: dict[str, dict] = {}
    for path in paths:
        project, rows = from_wheel(path) if path.endswith(".whl") else from_mediawiki(path)
        by_lang: dict[str, list[dict]] = {}
        for row in rows:
            by_lang.setdefault(row["lang"], []).append(row)
        for lang, lang_rows in sorted(by_lang.items()):
            if lang == "ru":
                quota = RUSSIAN_QUOTA.get(project, MEDIAWIKI_QUOTA)
            else:
                quota = QUOTA.get(project, MEDIAWIKI_QUOTA)
            for row in pick(lang_rows, quota, f"{project}/{lang}"):
                chosen.setdefault(row["text"], row)
    rows = list(chosen.values())
    extra = HERE / "short_extra.jsonl"
    if extra.exists():
        rows += [
            json.loads(line) for line in extra.read_text(encoding="utf-8").splitlines() if line
        ]
    tuned = [row for row in rows if not held_out(row["text"])]
    holdout = [row for row in rows if held_out(row["text"])]
    for path, part in (("short.jsonl", tuned), ("short_holdout.jsonl", holdout)):
        with (HERE / path).open("w", encoding="utf-8") as handle:
            for row in part:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{path}: {len(part)} texts")


if __name__ == "__main__":
    main(sys.argv[1:])
