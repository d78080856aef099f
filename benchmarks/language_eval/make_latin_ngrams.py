"""Rebuild ``letters/language/data/ngrams_latin.json``: letter n-gram profiles of the
Latin-script languages a letter turned away as not Russian is named in.

The same method and sources as ``make_ngrams.py`` (the Cyrillic profiles): the translation
catalogues (``.mo``) Debian packages install under ``/usr/share/locale/<language>/``, real
sentences of desktop and command-line programs translated by native speakers. English is
counted from the messages those catalogues translate (their ``msgid``). The evaluation
sources (Django, Sphinx, Wagtail … see ``EVALUATION_SOURCES``) are refused, so the held-out
set ``named_holdout.jsonl`` (``build_named_set.py``, cut from Django's and Sphinx's catalogues)
is never seen here. Run on a Debian machine with the usual packages installed::

    python benchmarks/language_eval/make_latin_ngrams.py
"""

from __future__ import annotations

import re
from collections import Counter

from make_ngrams import ROOT, catalogue_text, count_grams, write_profiles

OUT = ROOT / "letters" / "language" / "data" / "ngrams_latin.json"
# Our code → the catalogue directories counted for it (English: the messages of the French
# catalogues, the largest set installed).
LANGS = {
    "en": ("fr",),
    "de": ("de",),
    "fr": ("fr",),
    "es": ("es",),
    "it": ("it",),
    "pt": ("pt", "pt_BR"),
    "nl": ("nl",),
    "pl": ("pl",),
    "cs": ("cs",),
    "lt": ("lt",),
    "lv": ("lv",),
    "et": ("et",),
    "fi": ("fi",),
    "sv": ("sv",),
    # Named too, so a letter in them is not taken for a relative (Danish for Swedish, Slovak
    # for Czech, Catalan for Spanish) or for a language it merely resembles (Hungarian, Turkish).
    "da": ("da",),
    "nb": ("nb",),
    "sk": ("sk",),
    "sl": ("sl",),
    "hr": ("hr",),
    "hu": ("hu",),
    "ro": ("ro",),
    "tr": ("tr",),
    "ca": ("ca",),
    "eu": ("eu",),
    "sq": ("sq",),
    "id": ("id",),
}
LATIN_WORD_RE = re.compile(r"[a-zß-öø-ÿā-ž]+(?:['’][a-zß-öø-ÿā-ž]+)*")
# Catalogue messages are often keyboard accelerators and placeholders («_Open», «%s»); those
# are letters too, but «_» and «%» fall outside the words anyway.


def main() -> None:
    counts: dict[str, Counter[str]] = {}
    sources: dict[str, list[str]] = {}
    for lang, directories in LANGS.items():
        texts, domains = [], []
        for directory in directories:
            text, read = catalogue_text(directory, source=lang == "en")
            texts.append(text)
            domains += [f"{directory}/{domain}" for domain in read]
        _, counts[lang] = count_grams("\n".join(texts), LATIN_WORD_RE)
        sources[lang] = domains
        print(f"{lang}: {len(domains)} catalogues, {sum(counts[lang].values())} n-grams")
    about = (
        "Log-probabilities of letter n-grams (1-4, word edges as < and >) per Latin-script "
        "language, from the .mo catalogues of Debian packages (English: their msgids); "
        "rebuilt by benchmarks/language_eval/make_latin_ngrams.py"
    )
    write_profiles(OUT, about, counts, sources)


if __name__ == "__main__":
    main()
