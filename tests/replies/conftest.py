"""A deployment with a reply address, and the shape of a reply code."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from letters.extensions import db
from letters.replies.models import ReplyAddress
from tests.batches.conftest import LETTER
from tests.conftest import AuthActions
from tests.replies.desk import letter_with_reply

_CHARACTER = "[23456789ABCDEFGHJKMNPQRSTUVWXYZ]"
CODE = re.compile(rf"^{_CHARACTER}{{4}}(-{_CHARACTER}{{4}}){{2}}$")


def add_reply_address(app) -> None:
    """The organisation «Письма» with its PO box in Moscow, set as a coordinator sets it."""
    with app.app_context():
        db.session.add(
            ReplyAddress(
                organisation="Письма",
                cyrillic="АНО «Письма»\nа/я 15\n101000 Москва",
                latin="ANO Pisma\na/ia 15\n101000 Moskva",
            )
        )
        db.session.commit()


@pytest.fixture
def reply_address(app):
    add_reply_address(app)


@pytest.fixture
def desk(app, volunteer):
    """The volunteers' Replies page, logged in."""
    client = app.test_client()
    AuthActions(client).login("volunteer@example.org")
    return client


@pytest.fixture
def waiting(app, sample_directory, reply_address):
    """A letter's reply matched by its QR code, waiting to be confirmed: (letter id, reply id,
    the writer's link token)."""
    return letter_with_reply(app)


def write_letters(path: Path, *rows: dict[str, str]) -> Path:
    """A letters file (``letters render``, ``letters queue import``): to Mironov by default."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "prisoner", "from", "replies"])
        writer.writeheader()
        for row in rows:
            writer.writerow({"text": LETTER, "prisoner": "Миронов Сергей Геннадьевич, 1981", **row})
    return path
