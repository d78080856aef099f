"""``letters translate …``: keep the message catalogues in step with the code.

English is the source language (the msgids); ``letters/translations/ru`` holds the Russian
catalogue. Works from a checkout, where ``babel.cfg`` and the templates are.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface

from letters.messages import TRANSLATIONS_DIR

PROJECT_DIR = TRANSLATIONS_DIR.parent.parent
BABEL_CFG = PROJECT_DIR / "babel.cfg"
TRANSLATED_LOCALES = ("ru",)


TOML_STRING = re.compile(r'^\s*(?P<key>[A-Za-z_]+)\s*=\s*"(?P<text>(?:[^"\\]|\\.)*)"')


def extract_toml(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for data files: the values of the keys named in ``options["keys"]``.

    The risk lexicon's reasons and the services' facts are shown to writers, so they are
    msgids like any other; babel.cfg points this extractor at those files.
    """
    wanted = set(options.get("keys", "").split())
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        match = TOML_STRING.match(line)
        if match and match["key"] in wanted:
            text = (
                match["text"].encode().decode("unicode_escape")
                if "\\" in match["text"]
                else match["text"]
            )
            yield number, None, text, []


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(pot_path: Path) -> None:
    """Write every translatable message of the code and templates to ``pot_path``."""
    if not BABEL_CFG.exists():
        raise click.ClickException("babel.cfg not found: run this from a checkout of letters")
    _pybabel(
        "extract",
        "-F", str(BABEL_CFG),
        "-k", "_l", "-k", "N_",
        "--no-location", "--omit-header", "--sort-output",
        "-o", str(pot_path),
        str(PROJECT_DIR),
    )  # fmt: skip


@click.group("translate", help="Extract, update and compile the UI translations.")
def translate_group() -> None:
    """Catalogue maintenance."""


@translate_group.command("update")
def update() -> None:
    """Extract messages and merge them into each catalogue (new ones arrive untranslated)."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        extract(pot)
        for locale in TRANSLATED_LOCALES:
            po = TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po"
            if po.exists():
                _pybabel(
                    "update",
                    "-i",
                    str(pot),
                    "-d",
                    str(TRANSLATIONS_DIR),
                    "-l",
                    locale,
                    "--no-fuzzy-matching",
                    "--ignore-obsolete",
                )
            else:
                _pybabel("init", "-i", str(pot), "-d", str(TRANSLATIONS_DIR), "-l", locale)
    click.echo(
        "Catalogues updated: translate the empty msgstr entries, then `letters translate compile`."
    )


@translate_group.command("compile")
def compile_catalogues() -> None:
    """Compile the .po catalogues into the .mo files the app reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR), "--statistics")
