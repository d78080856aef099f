"""Rebuild ``letters/language/data/ngrams.json``: letter n-gram profiles of Russian and its
Cyrillic neighbours.

The profiles are counted from the translation catalogues (``.mo`` files) that Debian packages
install under ``/usr/share/locale/<language>/LC_MESSAGES/``: real sentences of desktop and
command-line programs, translated by native speakers. None of them is Django, whose catalogues
make the evaluation set, so the profiles are never tuned on the texts they are measured on.
Run on a Debian machine with the usual packages installed::

    python benchmarks/language_eval/make_ngrams.py --download /tmp/ngram-debs

The few catalogues installed by default give the smaller languages little text (Macedonian,
Kazakh, Kyrgyz, Tatar and Mongolian had 12-19 small catalogues). ``--download DIR`` also
fetches the packages in ``PACKAGES`` with ``apt-get download`` (no root needed), unpacks them
into ``DIR`` with ``dpkg -x`` and reads their catalogues as well; a catalogue already read under
the same name is skipped so no text counts twice. Packages and catalogues of the evaluation
sources (Django, Sphinx, Wagtail, MediaWiki; KDE's Okular, Dolphin, Konsole, Ark and KOrganizer,
django-allauth and Plone) are refused (``EVALUATION_SOURCES``).

Bashkir has no catalogue there. ``--osm-website CHECKOUT`` (a checkout of the
openstreetmap-website repository, whose interface translatewiki's Bashkir translators keep)
adds a Bashkir profile from ``config/locales/ba.yml``: every message whose key falls in the
even half (``BASHKIR_TRAINING``), so the odd half stays unseen text to check the profile on.
Rusyn has one small catalogue (Cinnamon's, 2,500 characters): too little for a profile of its
own; the checker lets it borrow Ukrainian's and Belarusian's and tells it by its letters and
function words.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import zlib
from collections import Counter
from pathlib import Path

from babel.messages.mofile import read_mo

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "letters" / "language" / "data" / "ngrams.json"
LOCALE = Path("/usr/share/locale")
LANGS = ("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tt", "mn")
# Languages counted from openstreetmap-website's locale files instead (--osm-website).
OSM_LANGS = ("ba",)
# The most frequent n-grams of each language; their union is the profile vocabulary. Letter
# 4-grams and the larger vocabulary tell close relatives apart better («-ата », «ння»): in
# cross-validation over these catalogues (a fifth of each language's held out, profiles from
# the rest) 99.2 % of short sentences named right against 98.8 % with 1-3-grams and 1,500.
TOP = 3000
ORDERS = (1, 2, 3, 4)
# Debian packages with many translated catalogues (GNOME, MATE, Cinnamon, Xfce programs,
# GIMP, VLC, LibreOffice's interface) — chosen for Macedonian, Kazakh, Kyrgyz, Tatar, Mongolian,
# Belarusian, Bulgarian and Serbian text; Russian and Ukrainian gain from them too.
PACKAGES = (
    "baobab caja-common cinnamon-l10n eog evince-common evolution-data-server-common "
    "file-roller gedit-common gimp-data gnome-calculator gnome-control-center-data "
    "gnome-disk-utility gnome-games-app gnome-shell-common gnome-system-monitor "
    "gnome-terminal-data gparted "
    "gucharmap mate-desktop-common mate-panel-common mousepad nautilus-data pidgin-data "
    "pluma-common rhythmbox-data synaptic tasksel-data thunar-data totem-common "
    "transmission-common util-linux-locales vlc-l10n xfce4-panel xfce4-session xfce4-terminal "
    "xfdesktop4-data network-manager-gnome gnome-software-common "
    "libreoffice-l10n-uk libreoffice-l10n-be libreoffice-l10n-bg libreoffice-l10n-sr "
    "libreoffice-l10n-mk libreoffice-l10n-kk"
).split()
# The short evaluation sets are cut from these projects' catalogues: never train on them
# (Django, Sphinx, Wagtail, MediaWiki; the third held-out set's KDE applications, django-allauth
# and Plone, see build_third_set.py).
EVALUATION_SOURCES = re.compile(
    r"django|sphinx|wagtail|mediawiki|allauth|plone|okular|dolphin|konsole|korganizer"
    r"|(?:^|/)ark(?:[._/]|$)",
    re.IGNORECASE,
)
WORD_RE = re.compile(r"[\u0400-\u04ff]+(?:['’ʼ][\u0400-\u04ff]+)*")


def grams(word: str) -> list[str]:
    """Letter n-grams (``ORDERS``) of a word with its edges marked (as letters.language.ngrams)."""
    padded = f"<{word}>"
    return [padded[i : i + n] for n in ORDERS for i in range(len(padded) - n + 1)]


def download(target: Path) -> Path:
    """Fetch ``PACKAGES`` with apt-get and unpack them under ``target``; return the tree."""
    debs, tree = target / "debs", target / "tree"
    debs.mkdir(parents=True, exist_ok=True)
    tree.mkdir(exist_ok=True)
    for package in PACKAGES:
        if EVALUATION_SOURCES.search(package):
            raise SystemExit(f"{package} is an evaluation source")
        if not list(debs.glob(f"{package}_*.deb")):
            subprocess.run(["apt-get", "download", package], cwd=debs, check=True)
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg", "-x", str(deb), str(tree)], check=True)
    return tree


def catalogue_files(lang: str, extra: Path | None) -> list[Path]:
    """The ``.mo`` files of a language: installed ones first, then those of the unpacked
    packages (LibreOffice keeps its own under ``program/resource``)."""
    files = sorted((LOCALE / lang / "LC_MESSAGES").glob("*.mo"))
    if extra is not None:
        files += sorted(extra.glob(f"**/{lang}/LC_MESSAGES/*.mo"))
    return files


def catalogue_text(
    lang: str, extra: Path | None = None, source: bool = False
) -> tuple[str, list[str]]:
    """A language's translated messages (``source``: the English messages they translate)."""
    texts, domains = [], []
    for path in catalogue_files(lang, extra):
        if path.stem in domains or EVALUATION_SOURCES.search(str(path)):
            continue
        with path.open("rb") as handle:
            try:
                catalog = read_mo(handle)
            except (UnicodeDecodeError, ValueError):
                continue  # a catalogue whose text or header does not read as it declares
        domains.append(path.stem)
        for message in catalog:
            strings = (
                message.string if isinstance(message.string, tuple | list) else [message.string]
            )
            if source and message.id and any(strings):
                ids = message.id if isinstance(message.id, tuple | list) else [message.id]
                texts.extend(ids)
            elif message.id:
                texts.extend(s for s in strings if s)
    return "\n".join(texts), domains


def _yaml_messages(node: object, key: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [pair for k, v in node.items() for pair in _yaml_messages(v, f"{key}.{k}")]
    return [(key, node)] if isinstance(node, str) else []


def bashkir_training(key: str) -> bool:
    """Whether an openstreetmap-website message (by its dotted key) trains the profile; the
    others are kept apart as unseen Bashkir text."""
    return zlib.crc32(key.encode()) % 2 == 0


def osm_text(lang: str, checkout: Path) -> tuple[str, list[str]]:
    """The training half of a language's messages in openstreetmap-website's locales."""
    import yaml  # only needed here (the test extra has PyYAML)

    if EVALUATION_SOURCES.search(str(checkout.resolve())):
        raise SystemExit(f"{checkout} is an evaluation source")
    path = checkout / "config" / "locales" / f"{lang}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    messages = _yaml_messages(next(iter(data.values())))
    texts = [text for key, text in messages if bashkir_training(key)]
    return "\n".join(texts), [f"openstreetmap-website {path.relative_to(checkout)}"]


# Close relatives whose function-word lists must not tip one over the other.
SIBLINGS = (("bg", "mk", "sr"), ("uk", "be"), ("kk", "ky", "tt"))
# A listed word is "shared" when a sibling uses it this often (per million words) and at least
# this fraction as often as the language that lists it.
SHARED_PER_MILLION = 300
SHARED_RATIO = 0.3


def shared_function_words(words: dict[str, Counter[str]]) -> list[str]:
    """Function words of one language frequent in a sibling's catalogues but missing from the
    sibling's list (``letters/language/data/function_words``): such a word should be listed
    for both, or it tips texts of the sibling towards the wrong language («една», «ако»)."""
    root = ROOT / "letters" / "language" / "data" / "function_words"
    lists = {
        lang: {
            word
            for line in (root / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")
            for word in line.split()
        }
        for group in SIBLINGS
        for lang in group
    }

    def rate(word: str, lang: str) -> float:
        return words[lang][word] * 1e6 / max(1, sum(words[lang].values()))

    report = []
    for group in SIBLINGS:
        for lang in group:
            for sibling in group:
                shared = sorted(
                    word
                    for word in lists[lang] - lists[sibling]
                    if rate(word, sibling) >= SHARED_PER_MILLION
                    and rate(word, sibling) >= SHARED_RATIO * rate(word, lang)
                )
                if sibling != lang and shared:
                    report.append(f"{lang} words to list for {sibling} too: {' '.join(shared)}")
    return report


def count_grams(text: str, word_re: re.Pattern[str]) -> tuple[Counter[str], Counter[str]]:
    """The words of a text (lowercased) and their letter n-grams, counted."""
    words = Counter(word_re.findall(text.lower()))
    counter: Counter[str] = Counter()
    for word, count in words.items():
        for gram in grams(word.replace("’", "'").replace("ʼ", "'")):
            counter[gram] += count
    return words, counter


def write_profiles(
    out: Path, about: str, counts: dict[str, Counter[str]], sources: dict[str, list[str]]
) -> None:
    """Write the profiles of ``counts``' languages (in its order): the ``TOP`` n-grams of each,
    their union as the vocabulary, smoothed log-probabilities (as letters.language.ngrams
    reads them)."""
    vocabulary = sorted({g for counter in counts.values() for g, _ in counter.most_common(TOP)})
    profiles: dict[str, list[float]] = {g: [] for g in vocabulary}
    unseen = []
    for counter in counts.values():
        total = sum(counter[g] for g in vocabulary) + len(vocabulary)
        for gram in vocabulary:
            profiles[gram].append(round(math.log((counter[gram] + 0.5) / total), 2))
        unseen.append(round(math.log(0.5 / total), 2))
    data = {
        "about": about,
        "languages": list(counts),
        "orders": list(ORDERS),
        "sources": {lang: ", ".join(domains) for lang, domains in sources.items()},
        "unseen": unseen,
        "grams": profiles,
    }
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{out}: {len(vocabulary)} n-grams, {out.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--download", type=Path, metavar="DIR", help="fetch PACKAGES into DIR")
    parser.add_argument(
        "--osm-website", type=Path, metavar="CHECKOUT", help="add a Bashkir profile from it"
    )
    parser.add_argument(
        "--shared-words",
        action="store_true",
        help="also report function words shared by close relatives (see SIBLINGS)",
    )
    args = parser.parse_args()
    words: dict[str, Counter[str]] = {}
    extra = download(args.download) if args.download else None
    counts: dict[str, Counter[str]] = {}
    sources: dict[str, list[str]] = {}
    langs = LANGS + (OSM_LANGS if args.osm_website else ())
    for lang in langs:
        if lang in OSM_LANGS:
            text, sources[lang] = osm_text(lang, args.osm_website)
        else:
            text, sources[lang] = catalogue_text(lang, extra)
        words[lang], counts[lang] = count_grams(text, WORD_RE)
    about = (
        "Log-probabilities of letter n-grams (1-4, word edges as < and >) per "
        "language, from the .mo catalogues of Debian packages (Bashkir: half of "
        "openstreetmap-website's messages); rebuilt by "
        "benchmarks/language_eval/make_ngrams.py"
    )
    write_profiles(OUT, about, counts, sources)
    if args.shared_words:
        print("\n".join(shared_function_words(words)) or "no shared function words missing")


if __name__ == "__main__":
    main()
