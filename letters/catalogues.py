"""``letters translate …``: keep the message catalogues in step with the code.

English is the source language (the msgids); ``letters/translations/ru`` holds the Russian
catalogue. Works from a checkout, where ``babel.cfg`` and the templates are.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface

from letters.messages import TRANSLATIONS_DIR

PROJECT_DIR = TRANSLATIONS_DIR.parent.parent
BABEL_CFG = PROJECT_DIR / "babel.cfg"
TRANSLATED_LOCALES = ("ru",)


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
