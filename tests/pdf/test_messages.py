"""User-facing messages are marked msgids and listed with translations in MSGIDS.txt."""

from __future__ import annotations

import ast
from pathlib import Path

import letters.pdf
from letters.pdf import LayoutError

PDF_DIR = Path(letters.pdf.__file__).parent


def _marked_msgids() -> set[str]:
    found = set()
    for path in PDF_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                found.add(node.args[0].value)
    return found


def test_every_msgid_is_listed_with_a_russian_translation():
    listed = {}
    for line in (PDF_DIR / "MSGIDS.txt").read_text(encoding="utf-8").splitlines():
        msgid, russian = line.split("\t")
        listed[msgid] = russian
    assert set(listed) == _marked_msgids()
    for msgid, russian in listed.items():
        assert russian and russian != msgid
        # Same placeholders in both.
        assert sorted(_placeholders(msgid)) == sorted(_placeholders(russian))


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"%\(\w+\)s", text)


def test_error_message_falls_back_to_english_without_a_catalogue():
    err = LayoutError(block="recipient's address", format="C6")
    assert "C6" in err.message("en")
