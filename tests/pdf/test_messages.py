"""User-facing messages of the renderer and of bulk printing are marked msgids with a Russian
translation in the catalogue (they are translated without Flask, so no test of a page sees them).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import letters.bulk
import letters.pdf
from letters.messages import translator
from letters.pdf import LayoutError


def _marked_msgids(package: Path) -> set[str]:
    found = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("package", [letters.pdf, letters.bulk], ids=lambda p: p.__name__)
def test_every_msgid_has_a_russian_translation_with_the_same_placeholders(package):
    russian = translator("ru")
    marked = _marked_msgids(Path(package.__file__).parent)
    assert marked, "no N_() messages found: the scan is broken"
    for msgid in marked:
        translated = russian(msgid)
        assert translated != msgid, msgid
        assert sorted(_placeholders(msgid)) == sorted(_placeholders(translated))


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"%\(\w+\)s", text)


def test_error_message_falls_back_to_english_without_a_catalogue():
    err = LayoutError(block="recipient's address", format="C6")
    assert "C6" in err.message("en")
