"""Where the top-level ``templates/`` and ``fonts/`` folders are.

In a checkout they sit beside the package; a built wheel carries them inside it
(see ``[tool.hatch.build.targets.wheel.force-include]``), so look there first.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder ``name`` from the installed package or, failing that, the checkout."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"letters: the {name!r} folder is missing from this installation")
