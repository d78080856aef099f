"""The direction of imports between the packages, as the README's "Architecture" section says.

Each package may import only the packages listed for it (module-level and function-level
imports alike). A new edge is a design decision: make it here and in the README together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "letters"

# The layers, from the bottom: plain Python with no Flask and no database first.
ALLOWED: dict[str, set[str]] = {
    "messages": set(),
    "config": set(),
    "resources": set(),
    "pdf": {"messages"},
    # The check asks the letter font which characters it can draw (emoji and symbols).
    "language": {"messages", "pdf"},
    "spreadsheets": set(),
    "logs": set(),
    "database": {"config"},
    "extensions": {"database"},
    "i18n": {"extensions", "messages"},
    "forms": set(),
    # One-time form tokens: the forms that create something take them (letters.once).
    "once": {"database", "extensions"},
    "catalogues": {"messages"},
    "api": {"extensions", "i18n", "language"},
    "auth": {"database", "extensions", "forms", "i18n"},
    # Reports, batches and writing add to the directory's pages through its signals
    # (letters.directory.signals), so the directory imports none of them.
    "directory": {
        "api", "auth", "database", "extensions", "forms", "i18n", "messages", "spreadsheets",
    },
    "reports": {"auth", "database", "directory", "extensions", "forms", "once"},
    "addressing": {"directory", "pdf"},
    "bulk": {
        "addressing", "directory", "extensions", "language", "messages", "pdf", "spreadsheets",
    },
    # writing.compose turns a draft into the renderer's inputs; batches render queued drafts
    # with it, and the writing pages queue letters: the one two-way edge.
    "writing": {
        "addressing", "batches", "directory", "extensions", "forms", "i18n", "language",
        "messages", "once", "pdf", "web",
    },
    "batches": {
        "addressing", "auth", "bulk", "database", "directory", "evenings", "extensions", "forms",
        "i18n", "jobs", "messages", "once", "pdf", "spreadsheets", "writing",
    },
    # The queue's jobs generate batches and purge; batches ask for jobs: a two-way edge.
    "jobs": {"batches", "config", "database", "extensions"},
    "evenings": {
        "auth", "batches", "database", "directory", "extensions", "forms", "i18n", "jobs",
        "language", "once", "pdf", "web", "writing",
    },
    "postcards": {"addressing", "directory", "extensions", "forms", "i18n", "language", "pdf"},
    "web": {"api", "database", "directory", "extensions", "i18n", "logs", "writing"},
    "cli": {"bulk", "config", "create_app", "database", "extensions", "language"},
    "wsgi": {"create_app", "database", "extensions", "jobs"},
}  # fmt: skip
# Plain Python: importable and testable without Flask or a database.
NO_FLASK = ("pdf", "language", "addressing", "messages")
FLASK_MODULES = ("flask", "flask_babel", "flask_login", "flask_sqlalchemy", "flask_wtf")


def _owner(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports (``from letters import api`` counts as ``letters.api``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "letters":
                found.update(f"letters.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
    return found


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts and path != PACKAGE / "__init__.py"
    ]


def test_every_package_is_described():
    assert {_owner(path) for path in _sources()} <= set(ALLOWED)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path):
    owner = _owner(path)
    wrong = set()
    for module in _imports(path):
        if module.startswith("letters."):
            target = module.split(".")[1]
            if target != owner and target not in ALLOWED[owner]:
                wrong.add(module)
        elif owner in NO_FLASK and module.split(".")[0] in (*FLASK_MODULES, "sqlalchemy"):
            wrong.add(module)
    assert not wrong, f"{owner} may not import {sorted(wrong)} (see README, Architecture)"
