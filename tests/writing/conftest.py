"""The sample directory, for the writer's journey."""

from __future__ import annotations

from datetime import date

import pytest

from letters.directory.cli import SAMPLE_DIR
from letters.directory.exchange import import_files
from letters.directory.models import Prisoner
from letters.extensions import db

RUSSIAN_LETTER = (
    "Здравствуйте, Сергей! Меня зовут Анна, я живу в Казани и работаю в библиотеке.\n\n"
    "У нас выпал первый снег, и я вспомнила о Вас. Что Вы сейчас читаете?"
)


@pytest.fixture
def prisoners(app) -> dict[str, int]:
    """Import the sample pages; surname → id."""
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
        return {p.surname: p.id for p in db.session.query(Prisoner)}


def letter_form(**overrides) -> dict[str, str]:
    data = {"text": RUSSIAN_LETTER, "envelope_format": "C6", "paper": "A4", "signature": "Анна"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
