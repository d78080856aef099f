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
    "catalogues": {"messages"},
    "api": {"extensions", "i18n", "language"},
    "mail": {"config"},
    "auth": {"database", "extensions", "forms", "i18n", "mail"},
    # Reports, batches and writing add to the directory's pages through its signals
    # (letters.directory.signals), so the directory imports none of them.
    # The directory shows a recipient's block as the envelope prints it (pdf.model.Address).
    "directory": {
        "api", "auth", "database", "extensions", "forms", "i18n", "messages", "pdf",
        "spreadsheets",
    },
    "reports": {"auth", "database", "directory", "extensions", "forms"},
    "addressing": {"directory", "messages", "pdf"},
    # The letter's one shape, read from a form, a file's record or a queued row.
    "draft": {"addressing", "directory", "pdf"},
    "bulk": {
        "addressing", "directory", "draft", "extensions", "language", "messages", "pdf",
        "spreadsheets",
    },
    # writing.compose turns a draft into the renderer's inputs; batches render queued drafts
    # with it, and the writing pages queue letters: the one two-way edge.
    "writing": {
        "addressing", "batches", "directory", "draft", "extensions", "forms", "i18n", "language",
        "pdf", "replies", "web",
    },
    "batches": {
        "addressing", "auth", "bulk", "database", "directory", "draft", "evenings", "extensions",
        "forms", "i18n", "jobs", "messages", "pdf", "replies", "spreadsheets", "writing",
    },
    # The queue's jobs generate batches and purge; batches ask for jobs: a two-way edge.
    "jobs": {"batches", "config", "database", "extensions"},
    # The reply address (and, next, the replies themselves); writing and batches print it.
    "replies": {
        "addressing", "auth", "database", "directory", "extensions", "forms", "i18n", "pdf",
    },
    "evenings": {
        "auth", "batches", "database", "directory", "extensions", "forms", "i18n", "jobs",
        "language", "pdf", "writing",
    },
    "postcards": {
        "addressing", "directory", "draft", "extensions", "forms", "i18n", "language", "pdf",
    },
    "web": {"api", "database", "directory", "extensions", "i18n", "logs", "writing"},
    "cli": {"bulk", "config", "create_app", "database", "extensions", "language"},
    "wsgi": {"create_app", "database", "extensions", "jobs"},
}  # fmt: skip
# Plain Python: importable and testable without Flask or a database.
NO_FLASK = ("pdf", "language", "addressing", "draft", "messages")
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
