"""The app works when installed from a built wheel, not only from a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SMOKE = """
import io, sys
import letters
assert letters.__file__.startswith(sys.argv[1]), letters.__file__
from flask_migrate import upgrade
from letters import create_app
from letters.pdf import Address, EnvelopeJob, render_envelopes_pdf
app = create_app({"INSTANCE_PATH": sys.argv[2], "SECRET_KEY": "x", "TESTING": True})
with app.app_context():
    upgrade()
client = app.test_client()
page = client.get("/", headers={"Accept-Language": "ru"})
assert page.status_code == 200 and "Напишите письмо" in page.text, page.status_code
assert client.get("/static/css/app.css").status_code == 200
recipient = Address(name_lines=("Миронову Сергею Геннадьевичу,",), facility="ФКУ СИЗО-2",
                    locality="г. Камышин", postcode="403882")
pdf = render_envelopes_pdf([EnvelopeJob(recipient, Address(name_lines=("",)))], "C6")
assert pdf.startswith(b"%PDF")
print("ok")
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    [built] = out.glob("letters-*.whl")
    return built


def test_wheel_carries_everything_the_app_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "letters/templates/base.html",
        "letters/fonts/PTF55F.ttf",
        "letters/static/css/app.css",
        "letters/translations/ru/LC_MESSAGES/messages.mo",
        "letters/migrations/env.py",
        "letters/directory/sample/mironov.txt",
        "letters/directory/data/services.toml",
        "letters/language/data/risks.toml",
    ):
        assert required in names, required


def test_app_runs_from_the_installed_wheel(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    # The wheel's copy of letters comes first; its dependencies come from this environment.
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", SMOKE, str(target), str(tmp_path / "instance")],
        env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
