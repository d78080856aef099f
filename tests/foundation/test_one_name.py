"""One name, one meaning: a name the package defines is defined in one module, so that a
reader who meets it knows which thing it is."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "letters"

# Names that once meant two things in two modules (a script and a finding kind, a tuple and a
# dict, two classes of error, two functions).
ONCE = (
    "ADDRESS_PARTS",
    "LATIN",
    "TRANSLIT",
    "REJECT",
    "RecordError",
    "prisoner_address",
    "letters_received",
)


def _definitions() -> dict[str, set[str]]:
    """Each top-level name (constant, function, class) → the modules that define it."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = str(path.relative_to(PACKAGE))
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                names = [target.id for target in node.targets if isinstance(target, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names = [node.name]
            else:
                names = []
            for name in names:
                found[name].add(module)
    return found


def test_names_that_meant_two_things_are_defined_once():
    defined = _definitions()
    twice = {name: sorted(defined[name]) for name in ONCE if len(defined[name]) > 1}
    assert twice == {}


def test_class_names_say_what_they_are():
    """No ``NameError_``: a class named after a builtin with an underscore says nothing."""
    awkward = [
        name
        for name in _definitions()
        if name[:1].isupper() and name.endswith("_") and name != "N_"  # gettext's own marker
    ]
    assert awkward == []
