"""Build a third held-out set of short texts, from translators no other set or profile uses.

``short_third_holdout.jsonl`` was built after the iD set had been measured and before any
further change to the checker, measured once, and is never tuned on. Its sources:

- KDE applications' catalogues (``.mo`` files in Debian 12's packages ``okular``, ``dolphin``,
  ``konsole``, ``ark``, ``korganizer``; KDE's own translation teams): Russian, Belarusian,
  Bulgarian, Kazakh, Macedonian, Serbian and Ukrainian::

      apt-get download okular dolphin konsole ark korganizer

- django-allauth's and Plone's gettext catalogues (``.po`` files in the PyPI wheels
  ``django-allauth`` and ``plone.app.locales``): Mongolian and Kyrgyz (allauth), and more
  Bulgarian, Serbian, Ukrainian and Russian::

      pip download --no-deps -d DIR django-allauth==65.22.1 plone.app.locales==7.0.4

``make_ngrams.py`` refuses all of these (``EVALUATION_SOURCES``). Run with the downloaded
files::

    python benchmarks/language_eval/build_third_set.py DIR/*.deb DIR/*.whl

The texts qualify as in ``build_short_set.py`` (40-270 characters, at most three sentences,
nearly all Cyrillic, at most one placeholder; KDE's ``&`` accelerator marks are dropped), half of
each language's (where there are enough) without any letter Russian lacks, and none already in
another set.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from build_short_set import LANGS, pick, usable

HERE = Path(__file__).resolve().parent
OUT = HERE / "short_third_holdout.jsonl"
OTHER_SETS = ("short.jsonl", "short_holdout.jsonl", "short_osm_dev.jsonl", "short_id_holdout.jsonl")
# Texts per source and language: KDE has the most languages; allauth alone has Mongolian and
# Kyrgyz.
KDE_QUOTA = 40
WHEEL_QUOTA = {"django-allauth": {"mn": 40, "ky": 40}}
WHEEL_DEFAULT_QUOTA = 20
ACCELERATOR_RE = re.compile(r"&(?=\w)")
# KDE's credits messages hold translators' names, not sentences.
CREDITS = {"Your names", "Your emails"}
DATE_HEADER_RE = re.compile(rb'^"(?:POT-Creation|PO-Revision)-Date:[^"]*"$', re.MULTILINE)


def _first(value: object) -> str:
    return value[0] if isinstance(value, tuple | list) else value  # type: ignore[return-value]


def _rows(catalog, lang: str, source: str) -> list[dict]:
    rows = []
    for message in catalog:
        msgid, text = _first(message.id), _first(message.string)
        if not msgid or not text or msgid in CREDITS:
            continue
        text = ACCELERATOR_RE.sub("", text).strip()
        if usable(text):
            rows.append({"text": text, "lang": lang, "source": f"{source}, msgid {msgid!r}"})
    return rows


def from_deb(deb: str) -> tuple[str, list[dict]]:
    """A KDE package's rows (``package version, path in the package, msgid``)."""
    package, version = Path(deb).name.split("_")[:2]
    version = version.replace("%3a", ":")
    rows = []
    with tempfile.TemporaryDirectory() as tree:
        subprocess.run(["dpkg", "-x", deb, tree], check=True)
        for path in sorted(Path(tree).glob("usr/share/locale/*/LC_MESSAGES/*.mo")):
            code = path.parts[-3]
            if code not in LANGS:
                continue
            with path.open("rb") as handle:
                catalog = read_mo(handle)
            where = f"KDE {package} (Debian {version}), {path.relative_to(tree)}"
            rows += _rows(catalog, LANGS[code], where)
    return "KDE", rows


def from_wheel(wheel: str) -> tuple[str, list[dict]]:
    """A wheel's gettext rows (``project version, path in the wheel, msgid``)."""
    project, version = Path(wheel).name.split("-")[:2]
    project = {"django_allauth": "django-allauth"}.get(project, project.replace("_", "."))
    rows = []
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            match = re.search(r"/([A-Za-z_]+)/LC_MESSAGES/[^/]+\.po$", name)
            if not match or match.group(1) not in LANGS:
                continue
            # Plone's headers keep the template's date placeholders, which babel refuses.
            data = DATE_HEADER_RE.sub(b"", archive.read(name))
            catalog = read_po(io.BytesIO(data))
            rows += _rows(catalog, LANGS[match.group(1)], f"{project} {version}, {name}")
    return project, rows


def main(paths: list[str]) -> None:
    seen = {
        json.loads(line)["text"]
        for name in OTHER_SETS
        for line in (HERE / name).read_text(encoding="utf-8").splitlines()
        if line
    }
    by_source: dict[tuple[str, str], list[dict]] = {}
    for path in paths:
        project, rows = from_deb(path) if path.endswith(".deb") else from_wheel(path)
        for row in rows:
            by_source.setdefault((project, row["lang"]), []).append(row)
    chosen: list[dict] = []
    for (project, lang), rows in sorted(by_source.items()):
        if project == "KDE":
            quota = KDE_QUOTA
        else:
            quota = WHEEL_QUOTA.get(project, {}).get(lang, WHEEL_DEFAULT_QUOTA)
        fresh = [row for row in rows if row["text"] not in seen]
        for row in pick(fresh, quota, f"third/{project}/{lang}"):
            seen.add(row["text"])
            chosen.append(row)
    with OUT.open("w", encoding="utf-8") as handle:
        for row in chosen:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{OUT.name}: {len(chosen)} texts")


if __name__ == "__main__":
    main(sys.argv[1:])
