"""Writing a postcard: the same check as a letter, then an A6 PDF; nothing is stored."""

from __future__ import annotations

import base64
import io
import re
from datetime import date

import pdfplumber
import pytest
from PIL import Image

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


# --- issue 21, finding 9: the letter page's check, correction and preview ----------------------

TRANSLIT = "S dnem rozhdeniya! Zhelayu zdorovya i terpeniya."


def test_the_corrected_text_is_taken(client, sample):
    """ "Use the corrected text" without JavaScript: the page comes back with the checker's
    correction in the box (it posted the same text again, refused with 422)."""
    url = f"/prisoners/{sample['Миронов']}/postcard"
    refused = client.post(url, data={"text": TRANSLIT, "action": "check"}, headers=EN)
    assert refused.status_code == 422
    assert 'value="accept_fixes"' in refused.text
    taken = client.post(url, data={"text": TRANSLIT, "action": "accept_fixes"}, headers=EN)
    assert taken.status_code == 200
    assert "С днем рождения!" in taken.text or "С днём рождения!" in taken.text
    assert "S dnem" not in taken.text.split('id="text"')[1].split("</textarea>")[0]


def test_the_postcard_is_shown_before_it_is_downloaded(client, sample):
    """ "Show the postcard" pictures both sides from the PDF, and keeps the greeting."""
    url = f"/prisoners/{sample['Миронов']}/postcard"
    text = "С Новым годом! Пусть в новом году будет больше писем и хороших новостей."
    page = client.post(url, data={"text": text, "action": "preview"}, headers=EN)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"', page.text)
    assert len(images) == 2
    for encoded in images:
        with Image.open(io.BytesIO(base64.b64decode(encoded))) as image:
            width, height = image.size
            dark = (
                image.convert("L").point(lambda value: 255 if value < 128 else 0).histogram()[255]
            )
        assert 1.3 < width / height < 1.5  # one A6 card (148 × 105 mm), not the whole sheet
        assert dark > 500  # the card with the writing on it, not its blank neighbour
    assert text in page.text  # still in the box, to download or change


def test_the_postcard_page_checks_as_the_writer_types(client, sample):
    """The live check of the letter page (write.js) runs on the postcard form too."""
    page = client.get(f"/prisoners/{sample['Миронов']}/postcard", headers=EN).text
    form = page.split('id="postcard-form"')[1].split(">")[0]
    assert 'data-check-url="/api/' in form and 'data-draft-kind="postcard"' in form
    assert 'id="text-highlights"' in page and 'id="check-verdict"' in page
    assert 'id="write-strings"' in page and "/js/write.js" in page
