"""The lock files (requirements/*.txt, written by scripts/lock) pin what pyproject.toml asks for.

scripts/serve and scripts/test install the locked set; a dependency added to pyproject.toml
without running scripts/lock, or a pin outside its range, fails here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\]+)", re.MULTILINE)


def _wanted(project: dict, extras: str) -> list[Requirement]:
    """The requirements of ``letters[extras]``, following the extras that name letters itself."""
    found, todo, seen = [], [extras], set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for line in project["optional-dependencies"][extra]:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) == "letters":
                todo += sorted(requirement.extras)
            else:
                found.append(requirement)
    return [Requirement(line) for line in project["dependencies"]] + found


@pytest.mark.parametrize("extras", ["deploy", "test"])
def test_lock_file_pins_every_requirement_within_its_range(extras):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    text = (ROOT / "requirements" / f"{extras}.txt").read_text(encoding="utf-8")
    pins = {canonicalize_name(name): version for name, version in PIN.findall(text)}
    assert "--hash=sha256:" in text
    for requirement in _wanted(project, extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements/{extras}.txt: run scripts/lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements/{extras}.txt pins {name}=={pins[name]}, outside {requirement}: "
            "run scripts/lock"
        )
