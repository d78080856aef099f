"""Writing a postcard: the same check as a letter, then an A6 PDF; nothing is stored."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest

from letters.batches.models import QueuedLetter
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner
from letters.extensions import db

EN = {"Accept-Language": "en"}


@pytest.fixture
def sample(app) -> dict[str, int]:
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
        return {p.surname: p.id for p in db.session.query(Prisoner)}


def test_a_checked_greeting_downloads_as_a_postcard(app, client, sample):
    page = client.get(f"/prisoners/{sample['Миронов']}", headers=EN)
    assert f'href="/prisoners/{sample["Миронов"]}/postcard"' in page.text
    assert client.get(f"/prisoners/{sample['Миронов']}/postcard", headers=EN).status_code == 200
    response = client.post(
        f"/prisoners/{sample['Миронов']}/postcard",
        data={"text": "С Новым годом! Пусть в новом году будет больше писем и хороших новостей.",
              "sender_name": "Анна"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    with pdfplumber.open(io.BytesIO(response.data)) as pdf:
        assert "Миронову Сергею Геннадьевичу" in pdf.pages[0].extract_text()
        assert "С Новым годом!" in pdf.pages[1].extract_text()
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0


def test_a_postcard_is_checked_like_a_letter(client, sample):
    url = f"/prisoners/{sample['Миронов']}/postcard"
    english = client.post(url, data={"text": "Happy birthday, my friend!"}, headers=EN)
    assert english.status_code == 422
    assert "would not pass the prison censor" in english.text
    too_long = client.post(url, data={"text": "Поздравляю! " * 80}, headers=EN)
    assert too_long.status_code == 422
    assert "at most 700 characters" in too_long.text
    wordy = client.post(url, data={"text": "Ура!\n\n" * 60}, headers=EN)
    assert wordy.status_code == 422
    assert "does not fit on a postcard" in wordy.text
    assert client.get(f"/prisoners/{sample['Перов']}/postcard").status_code == 404  # no address
