"""Rebuild ``letters/language/data/ngrams.json``: letter n-gram profiles of Russian and its
Cyrillic neighbours.

The profiles are counted from the translation catalogues (``.mo`` files) that Debian packages
install under ``/usr/share/locale/<language>/LC_MESSAGES/``: real sentences of desktop and
command-line programs, translated by native speakers. None of them is Django, whose catalogues
make the evaluation set, so the profiles are never tuned on the texts they are measured on.
Run on a Debian machine with the usual packages installed::

    python benchmarks/language_eval/make_ngrams.py

Bashkir and Rusyn have (almost) no catalogues there; the checker tells them by their letters
and function words instead.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

from babel.messages.mofile import read_mo

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "letters" / "language" / "data" / "ngrams.json"
LOCALE = Path("/usr/share/locale")
LANGS = ("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tt", "mn")
# The most frequent n-grams of each language; their union is the profile vocabulary.
TOP = 1500
WORD_RE = re.compile(r"[\u0400-\u04ff]+(?:['’ʼ][\u0400-\u04ff]+)*")


def grams(word: str) -> list[str]:
    """Letter 1-, 2- and 3-grams of a word with its edges marked (as letters.language.ngrams)."""
    padded = f"<{word}>"
    return [padded[i : i + n] for n in (1, 2, 3) for i in range(len(padded) - n + 1)]


def catalogue_text(lang: str) -> tuple[str, list[str]]:
    texts, domains = [], []
    for path in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.mo")):
        with path.open("rb") as handle:
            catalog = read_mo(handle)
        domains.append(path.stem)
        for message in catalog:
            strings = (
                message.string if isinstance(message.string, tuple | list) else [message.string]
            )
            if message.id:
                texts.extend(s for s in strings if s)
    return "\n".join(texts), domains


def main() -> None:
    counts: dict[str, Counter[str]] = {}
    sources: dict[str, list[str]] = {}
    for lang in LANGS:
        text, sources[lang] = catalogue_text(lang)
        counter: Counter[str] = Counter()
        for word in WORD_RE.findall(text.lower()):
            counter.update(grams(word.replace("’", "'").replace("ʼ", "'")))
        counts[lang] = counter
    vocabulary = sorted({g for counter in counts.values() for g, _ in counter.most_common(TOP)})
    profiles: dict[str, list[float]] = {g: [] for g in vocabulary}
    unseen = []
    for lang in LANGS:
        total = sum(counts[lang][g] for g in vocabulary) + len(vocabulary)
        for gram in vocabulary:
            profiles[gram].append(round(math.log((counts[lang][gram] + 0.5) / total), 2))
        unseen.append(round(math.log(0.5 / total), 2))
    data = {
        "about": "Log-probabilities of letter n-grams (1-3, word edges as < and >) per "
        "language, from the .mo catalogues of Debian packages; rebuilt by "
        "benchmarks/language_eval/make_ngrams.py",
        "languages": list(LANGS),
        "sources": {lang: ", ".join(domains) for lang, domains in sources.items()},
        "unseen": unseen,
        "grams": profiles,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(vocabulary)} n-grams, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
