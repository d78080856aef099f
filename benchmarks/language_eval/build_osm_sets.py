"""Build two more sets of short texts, from sources the main set does not use.

- ``short_osm_dev.jsonl``, a development set, from openstreetmap-website's
  ``config/locales/<language>.yml`` (translatewiki): the checker was tuned while reading it, so
  it is reported as tuned. Bashkir texts come only from the messages that do not train the
  Bashkir letter profile (``make_ngrams.bashkir_training``).
- ``short_id_holdout.jsonl``, a second held-out set, from the iD map editor's
  ``dist/locales/<language>.min.json`` (Transifex, other translators): built before the last
  changes and measured once, never tuned on.

Both have Russian and the neighbours each project translates (openstreetmap-website: be, bg,
kk, mk, sr, tt, uk, ba; iD: be, bg, kk, ky, mk, mn, sr, uk). Run with the two repositories'
git directories (a clone or a bare mirror)::

    python benchmarks/language_eval/build_osm_sets.py OSM_WEBSITE_GIT ID_GIT

The texts qualify as in ``build_short_set.py`` (40-270 characters, at most three sentences,
nearly all Cyrillic, at most one placeholder), half of each language's (where there are
enough) without any letter Russian lacks.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from build_short_set import LANGS, pick, usable
from make_ngrams import bashkir_training

HERE = Path(__file__).resolve().parent
WEBSITE_LANGS = ("ru", "be", "bg", "kk-cyrl", "mk", "sr", "tt", "uk", "ba")
ID_LANGS = ("ru", "be", "bg", "kk", "ky", "mk", "mn", "sr", "uk")
DEV_QUOTA = 60
HOLDOUT_QUOTA = 40


def _git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", repo, *args], capture_output=True, text=True, check=True
    ).stdout


def _messages(node: object, key: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [pair for k, v in node.items() for pair in _messages(v, f"{key}.{k}")]
    return [(key[1:], node.strip())] if isinstance(node, str) else []


def website_rows(repo: str) -> list[dict]:
    commit = _git(repo, "rev-parse", "--short", "HEAD").strip()
    project = f"openstreetmap-website ({commit})"
    rows = []
    for code in WEBSITE_LANGS:
        path = f"config/locales/{code}.yml"
        data = yaml.safe_load(_git(repo, "show", f"HEAD:{path}"))
        lang = LANGS[code]
        found = [
            {"text": text, "lang": lang, "source": f"{project}, {path}, {key}"}
            for key, text in _messages(next(iter(data.values())))
            if usable(text) and not (lang == "ba" and bashkir_training(f".{key}"))
        ]
        rows += pick(found, DEV_QUOTA, f"osm/{lang}")
    return rows


def id_rows(repo: str) -> list[dict]:
    commit = _git(repo, "rev-parse", "--short", "HEAD").strip()
    rows = []
    for code in ID_LANGS:
        path = f"dist/locales/{code}.min.json"
        data = json.loads(_git(repo, "show", f"HEAD:{path}"))
        lang = LANGS[code]
        found = [
            {"text": text, "lang": lang, "source": f"iD ({commit}), {path}, {key}"}
            for key, text in _messages(next(iter(data.values())))
            if usable(text)
        ]
        rows += pick(found, HOLDOUT_QUOTA, f"iD/{lang}")
    return rows


def main(website: str, editor: str) -> None:
    seen = {
        json.loads(line)["text"]
        for name in ("short.jsonl", "short_holdout.jsonl")
        for line in (HERE / name).read_text(encoding="utf-8").splitlines()
        if line
    }
    for name, rows in (
        ("short_osm_dev.jsonl", website_rows(website)),
        ("short_id_holdout.jsonl", id_rows(editor)),
    ):
        rows = [row for row in rows if row["text"] not in seen]
        seen |= {row["text"] for row in rows}
        with (HERE / name).open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} texts")


if __name__ == "__main__":
    main(*sys.argv[1:])
