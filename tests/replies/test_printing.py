"""The reply code printed the same way wherever a letter is printed: in the letter's «Адрес для
ответа» lines, on the reply sheet (with a QR code of it) and on the reply envelope — through
the queue and its batches (the writer's page, the evening's, ``letters queue import``);
``letters render`` and printing it oneself, which register no code, refuse the choice."""

from __future__ import annotations

import io

import pdfplumber
import segno
from pypdf import PdfReader

from letters.batches.claims import Selection, create_batch
from letters.batches.files import build_files
from letters.batches.models import QueuedLetter
from letters.draft import Draft
from letters.extensions import db
from letters.messages import StoredMessage
from letters.pdf.letter import REPLY_CODE_QR_MM
from tests.batches.conftest import queue_letters
from tests.replies.conftest import CODE, write_letters
from tests.writing.conftest import letter_form

EN = {"Accept-Language": "en"}
MM = 72 / 25.4


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_matrix(pdf: bytes, page: int) -> list[list[int]]:
    """The QR code drawn on ``page``, read back from its squares (one a dark module)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        squares = [r for r in document.pages[page].rects if abs(r["width"] - r["height"]) < 0.01]
    cell = min(r["width"] for r in squares)
    left = min(r["x0"] for r in squares)
    top = min(r["top"] for r in squares)
    size = round((max(r["x1"] for r in squares) - left) / cell)
    matrix = [[0] * size for _ in range(size)]
    for r in squares:
        matrix[round((r["top"] - top) / cell)][round((r["x0"] - left) / cell)] = 1
    return matrix


def test_a_batch_prints_the_code_in_the_letter_on_the_sheet_and_the_envelope(
    app, sample_directory, reply_address
):
    with app.app_context():
        (letter_id,) = queue_letters(1, replies="organisation", reply_kit=True, sender_name="Анна")
        queue_letters(1, sender_name="Анна", sender_address="ул. Баумана, 1\n420111 Казань")
        code = db.session.get(QueuedLetter, letter_id).reply_code
        files = build_files(create_batch(db.session, None, Selection())).files
    letter, sheet, own = pages(files["letters.pdf"])
    assert "Адрес для ответа:\nАНО «Письма»\nа/я 15\nМосква\n101000" in letter
    assert f"Код ответа: {code}" in letter
    assert sheet.startswith("Лист для ответа") and f"Код ответа: {code}" in sheet
    assert "Код ответа" not in own and "Казань" in own  # the writer's own address, as before
    expected = segno.make(code, error="m", micro=False).matrix
    assert qr_matrix(files["letters.pdf"], 1) == [list(map(int, row)) for row in expected]
    with pdfplumber.open(io.BytesIO(files["letters.pdf"])) as document:
        squares = [r for r in document.pages[1].rects if abs(r["width"] - r["height"]) < 0.01]
    width = max(r["x1"] for r in squares) - min(r["x0"] for r in squares)
    quiet = 8 / (len(expected) + 8)
    assert abs(width - REPLY_CODE_QR_MM * MM * (1 - quiet)) < 0.5
    # Reply envelopes are a stack of their own (an envelope feed takes one size at a time).
    (stack,) = [name for name in files if name.startswith("reply-envelopes-")]
    reply = pages(files[stack])[0]
    assert f"Код ответа {code}" in reply and "АНО «Письма»" in reply and "101000" in reply
    assert "Миронов Сергей Геннадьевич" in reply  # from the prisoner
    # The letter's own envelope: returned mail, and a reply addressed from it, reach the
    # organisation with the code; the writer gave no address of theirs.
    (outgoing,) = [name for name in files if name.startswith("envelopes")]
    first = pages(files[outgoing])[0]
    assert f"Код ответа {code}" in first and "АНО «Письма»" in first and "а/я 15" in first


def test_without_a_reply_address_at_printing_the_letter_is_held_with_the_reason(
    app, sample_directory
):
    with app.app_context():
        (letter_id,) = queue_letters(1, replies="organisation")
        batch = build_files(create_batch(db.session, None, Selection()))
        assert [letter.id for letter, _ in batch.set_aside] == [letter_id]
        reason = batch.set_aside[0][1]
        assert "no reply address is set" in str(StoredMessage.loads(reason.dumps()))


def test_queue_import_takes_the_replies_field(
    app, runner, sample_directory, reply_address, tmp_path
):
    path = write_letters(
        tmp_path / "evening.csv",
        {"from": "Анна", "replies": "Organisation"},
        {"from": "Анна\nул. Баумана, д. 1\n420111 Казань", "replies": ""},
    )
    result = runner.invoke(args=["queue", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        first, second = db.session.query(QueuedLetter).order_by(QueuedLetter.id)
        assert first.replies == "organisation" and CODE.match(first.reply_code)
        assert (second.replies, second.reply_code) == ("own", None)
        letter = pages(
            build_files(create_batch(db.session, None, Selection())).files["letters.pdf"]
        )
        assert f"Код ответа: {first.reply_code}" in letter[0] and "а/я 15" in letter[0]
        assert "Казань" in letter[1]


def test_a_wrong_replies_value_and_render_with_the_organisation_are_refused(
    app, runner, sample_directory, reply_address, tmp_path
):
    path = write_letters(tmp_path / "letters.csv", {"from": "Анна", "replies": "mine"})
    result = runner.invoke(args=["queue", "import", str(path)])
    assert result.exit_code != 0
    assert "“replies” is “mine”: write “organisation”" in result.output
    path.write_text(path.read_text("utf-8").replace(",mine", ",organisation"), "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(args=["render", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert "Replies through the organisation need a reply code" in result.stderr
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0


def test_printing_it_oneself_refuses_replies_through_the_organisation(
    app, client, sample_directory, reply_address
):
    url = f"/prisoners/{sample_directory['Миронов']}/write"
    chosen = letter_form(replies="organisation")
    page = client.post(url, data={**chosen, "action": "prepare"}, headers=EN)
    assert page.status_code == 422
    assert "need the reply code that a letter gets when volunteers print" in page.text
    assert "У нас выпал первый снег" in page.text
    assert client.post(f"{url}/letter.pdf", data=chosen).status_code == 422
    assert client.post(url, data={**chosen, "action": "queue"}).status_code == 302


def test_the_draft_letter_carries_the_organisation_and_the_code():
    from letters.pdf.model import Address

    organisation = Address(name_lines=("АНО «Письма»",), street_line="а/я 15",
                           locality="Москва", postcode="101000")  # fmt: skip
    draft = Draft(text="Текст", replies="organisation", reply_code="K7QM-4ZPA-H3XT")
    letter = draft.letter(organisation=organisation)
    assert letter.reply_code == "K7QM-4ZPA-H3XT"
    assert letter.return_address.splitlines()[0] == "АНО «Письма»"
    recipient = draft.sender_block(organisation)
    assert recipient.name_lines == ("АНО «Письма»", "Код ответа K7QM-4ZPA-H3XT")
