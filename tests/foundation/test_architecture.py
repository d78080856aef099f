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
    "json_input": set(),
    "slices": set(),
    "logs": set(),
    "database": {"config"},
    "extensions": {"database"},
    "ratelimits": {"config", "extensions"},
    "i18n": {"extensions", "messages"},
    "forms": set(),
    # One-time form tokens: the forms that create something take them (letters.once).
    "once": {"database", "extensions"},
    "catalogues": {"messages"},
    "api": {"extensions", "i18n", "json_input", "language"},
    "mail": {"config"},
    # A translator's languages are those the letter check names (letters.language).
    "auth": {"database", "extensions", "forms", "i18n", "language", "mail", "once"},
    # Reports, batches and writing add to the directory's pages through its signals
    # (letters.directory.signals), so the directory imports none of them.
    # The directory shows a recipient's block as the envelope prints it (pdf.model.Address).
    "directory": {
        "api", "auth", "config", "database", "extensions", "forms", "i18n", "json_input",
        "messages", "once", "pdf",
        "spreadsheets",
    },
    "reports": {"auth", "database", "directory", "extensions", "forms", "once"},
    "addressing": {"directory", "messages", "pdf"},
    # The letter's one shape, read from a form, a file's record or a queued row.
    "draft": {"addressing", "directory", "pdf"},
    "bulk": {
        "addressing", "directory", "draft", "extensions", "json_input", "language", "messages",
        "pdf",
        "spreadsheets",
    },
    # writing.compose turns a draft into the renderer's inputs; batches render queued drafts
    # with it, and the writing pages queue letters: a two-way edge.
    "writing": {
        "addressing", "batches", "directory", "draft", "extensions", "forms", "i18n", "language",
        "messages", "once", "pdf", "ratelimits", "replies", "translating",
    },
    # batches reads one table of evenings (evenings.models.EveningLetter): an evening's letters
    # wait for its organiser, not in the volunteers' queue. Evenings build on batches (their
    # letters are queued letters, their batch a batch): a two-way edge, kept to that model.
    # Retention forgets reporters' notes and evenings' names with the letters (one purge).
    "batches": {
        "addressing", "auth", "bulk", "config", "database", "directory", "draft", "evenings",
        "extensions", "forms", "i18n", "jobs", "messages", "once", "pdf", "replies", "reports",
        "slices", "spreadsheets", "translating", "writing",
    },
    # The queue's jobs generate batches and purge; batches ask for jobs: a two-way edge.
    "jobs": {"batches", "config", "database", "extensions"},
    # The reply address, printed by writing and batches; the replies that come back answer
    # queued letters (batches), and the purge of letters forgets them: a two-way edge.
    "replies": {
        "addressing", "auth", "batches", "database", "directory", "extensions", "forms", "i18n",
        "mail", "messages", "once", "pdf", "slices",
    },
    "evenings": {
        "api", "auth", "batches", "database", "directory", "extensions", "forms", "i18n", "jobs",
        "draft", "language", "once", "pdf", "ratelimits", "replies", "writing",
    },
    "postcards": {
        "addressing", "directory", "draft", "extensions", "forms", "i18n", "language", "pdf",
        "writing",
    },
    # A translation belongs to a queued letter (batches) and records its steps in its history.
    "translating": {
        "auth", "batches", "database", "extensions", "forms", "i18n", "language", "messages",
        "writing",
    },
    "web": {"api", "database", "directory", "extensions", "i18n", "logs", "writing"},
    "cli": {"bulk", "config", "create_app", "database", "extensions", "language"},
    "wsgi": {"config", "create_app", "database", "extensions", "jobs"},
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


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of the package ``path`` imports (``from letters.pdf import text`` is
    ``letters.pdf.text``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return found & set(modules)


def test_batches_take_only_the_model_of_evenings():
    """The two-way edge between batches and evenings is one model, nothing more."""
    taken = {
        module
        for path in _sources()
        if _owner(path) == "batches"
        for module in _imports(path)
        if module.startswith("letters.evenings")
    }
    assert taken <= {"letters.evenings.models"}


def test_no_package_imports_another_packages_views():
    """A view module is a page; what other packages need from it lives in a module of its own
    (``directory.pages``, ``writing.compose.DRAFT_DAYS``). Only the app's builder binds views."""
    wrong = [
        f"{path.relative_to(PACKAGE)} -> {module}"
        for path in _sources()
        for module in _imports(path)
        if module.startswith("letters.")
        and module.endswith(".views")
        and module.split(".")[1] != _owner(path)
    ]
    assert wrong == []


def test_template_filters_are_registered_in_one_place():
    """``letters/__init__.py`` lists every filter the templates use (none hides in a package)."""
    places = [
        str(path.relative_to(PACKAGE))
        for path in _sources()
        if "template_filter" in path.read_text(encoding="utf-8")
    ]
    assert places == []
    assert "add_template_filter" in (PACKAGE / "__init__.py").read_text(encoding="utf-8")


def test_no_modules_import_each_other_in_a_circle():
    """Module by module (function-level imports too): a circle means two files that are one
    idea, or one that should be split."""
    modules = {_module(path): path for path in _sources()}
    graph = {name: _module_imports(path, modules) - {name} for name, path in modules.items()}
    for name, path in modules.items():
        if path.name == "__init__.py":  # a package binding its own parts (init_app) is no circle
            graph[name] = {m for m in graph[name] if not m.startswith(f"{name}.")}
    circles, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    assert circles == []
