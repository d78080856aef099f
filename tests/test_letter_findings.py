"""Issue 21's findings on the letter's shape: each printed wrong (or refused) on one path only.

1. A one-line return address through ``letters queue import`` and a batch.
2. RUSSIA in a writer's own block when the return address is one line.
3. Captions typed into the return address («Кому:», «Адрес:»).
4. Postcards from abroad without RUSSIA under the recipient.
8. Characters the font cannot draw: removed from the letter text, said before printing, never
   a refusal afterwards; in an address they hold the letter.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from letters.batches.files import batch_item
from letters.batches.models import QueuedLetter
from letters.batches.queue import import_letters
from letters.bulk.records import InputRecord, resolve_record
from letters.extensions import db
from letters.pdf.envelope import plan_envelope
from letters.pdf.layout import ENVELOPES
from letters.spreadsheets import writer
from tests.writing.conftest import RUSSIAN_LETTER, letter_form

TO = (
    "Миронову Сергею Геннадьевичу, 1981 г. р., ФКУ СИЗО-2 УФСИН России по Волгоградской "
    "области, ул. Ленина, д. 1, г. Камышин, Волгоградская область, 403874"
)
ONE_LINE = "Смирнов Олег Петрович, ул. Садовая, д. 3, кв. 4, г. Санкт-Петербург, 191186"
EN = {"Accept-Language": "en"}


def block_lines(fitted) -> list[str]:
    """Every line of a laid-out block, captions aside, in order."""
    return [line.text for _, lines in fitted.sections for line in lines]


def _import(tmp_path: Path, rows: list[dict]) -> list[QueuedLetter]:
    path = tmp_path / "letters.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        table = writer(out)
        table.writerow(["text", "to", "from"])
        table.writerows([[row["text"], row["to"], row.get("from", "")] for row in rows])
    outcome = import_letters(db.session, path)
    assert outcome.written, (outcome.failed, outcome.held)
    return db.session.query(QueuedLetter).order_by(QueuedLetter.id).all()


def test_finding_1_a_one_line_return_address_prints_as_letters_render_prints_it(app, tmp_path):
    with app.app_context():
        (queued,) = _import(tmp_path, [{"text": RUSSIAN_LETTER, "to": TO, "from": ONE_LINE}])
        item = batch_item(queued)
    record = InputRecord(1, 2, RUSSIAN_LETTER, to=TO, sender=ONE_LINE)
    rendered = resolve_record(record, None, check_language=False).item
    assert item.sender == rendered.sender
    assert item.sender.name_lines == ("Смирнов Олег Петрович",)
    assert item.sender.postcode == "191186"  # the reply envelope's stencil
    assert item.letter.sender_name == "Смирнов Олег Петрович"  # signed with the name alone
    assert item.letter.return_address == rendered.letter.return_address
    assert "Садовая" in item.letter.return_address


@pytest.mark.parametrize(
    ("sender", "country"),
    [
        ("Olga Brown, 22 Acacia Avenue, Reading RG1 1AA, UK", "UK"),
        ("Giorgi Kapanadze, 12 Rustaveli Ave, Tbilisi 0179, Georgia", "GEORGIA"),
    ],
)
def test_finding_2_no_russia_in_a_writers_own_block(app, tmp_path, sender, country):
    record = InputRecord(1, 2, RUSSIAN_LETTER, to=TO, sender=sender)
    rendered = resolve_record(record, None, check_language=False).item
    with app.app_context():
        (queued,) = _import(tmp_path, [{"text": RUSSIAN_LETTER, "to": TO, "from": sender}])
        batched = batch_item(queued)
    for item in (rendered, batched):
        plan = plan_envelope(ENVELOPES["DL"], item.recipient, item.sender, from_abroad=True)
        own = block_lines(plan.sender_block)
        assert own[-1] == country and "RUSSIA" not in own
        assert block_lines(plan.recipient_block)[-1] == "RUSSIA"


def test_finding_3_captions_typed_into_the_return_address_are_not_printed(
    client, app, sample_directory
):
    pid = sample_directory["Миронов"]
    typed = {"sender_name": "Кому: Петрова Анна Ивановна",
             "sender_address": "Адрес: 170100, г. Тверь, ул. Ленина, д. 5"}  # fmt: skip
    envelope = client.post(f"/prisoners/{pid}/write/envelope.pdf", data=letter_form(**typed))
    letter = client.post(f"/prisoners/{pid}/write/letter.pdf", data=letter_form(**typed))
    postcard = client.post(f"/prisoners/{pid}/postcard", data={"text": "С днём рождения!", **typed})
    queued = client.post(f"/prisoners/{pid}/write", data=letter_form(action="queue", **typed))
    assert queued.status_code == 302
    with app.app_context():
        (row,) = db.session.query(QueuedLetter).all()
        item = batch_item(row)
    assert item.sender.name_lines == ("Петрова Анна Ивановна",)
    assert (item.sender.locality, item.sender.postcode) == ("г. Тверь, ул. Ленина, д. 5", "170100")
    for response in (envelope, letter, postcard):
        assert response.status_code == 200
        with pdfplumber.open(io.BytesIO(response.data)) as pdf:
            text = pdf.pages[0].extract_text()
        assert "Кому:" not in text and "Адрес:" not in text and ", г. Тверь" not in text
        assert "Петрова Анна Ивановна" in text and "г. Тверь, ул. Ленина, д. 5" in text


def test_finding_4_a_postcard_from_abroad_says_russia_under_the_recipient(client, sample_directory):
    pid = sample_directory["Миронов"]
    response = client.post(f"/prisoners/{pid}/postcard", data={
        "text": "С днём рождения!", "sender_name": "Olga Brown",
        "sender_address": "22 Acacia Avenue\nReading RG1 1AA\nUK"})  # fmt: skip
    assert response.status_code == 200
    with pdfplumber.open(io.BytesIO(response.data)) as pdf:
        own, recipient = pdf.pages[0].extract_text().split("Кому")
    assert "UK" in own and "RUSSIA" not in own
    assert recipient.splitlines()[-1] == "RUSSIA"


def test_finding_8_the_letter_prints_without_what_the_font_lacks_and_says_so_first(
    client, sample_directory
):
    pid = sample_directory["Миронов"]
    form = letter_form(text=RUSSIAN_LETTER + " Обнимаю 😊!", action="prepare")
    page = client.post(f"/prisoners/{pid}/write", data=form, headers=EN)
    assert page.status_code == 200
    assert 'id="removed-characters"' in page.text and "U+1F60A" in page.text
    letter = client.post(f"/prisoners/{pid}/write/letter.pdf", data=form)
    assert letter.status_code == 200
    with pdfplumber.open(io.BytesIO(letter.data)) as pdf:
        assert "Обнимаю!" in pdf.pages[0].extract_text()
    # The postcard keeps to the same rule: the greeting comes back without it, said on the page.
    card = client.post(f"/prisoners/{pid}/postcard", data={"text": "С днём рождения 😊!"},
                       headers=EN)  # fmt: skip
    assert card.status_code == 200 and 'id="removed-characters"' in card.text
    assert "С днём рождения!</textarea>" in card.text
    # In an address the character is never removed: the letter is held.
    form = letter_form(sender_name="Анна 😊", action="queue")
    refused = client.post(f"/prisoners/{pid}/write", data=form, headers=EN)
    assert refused.status_code == 422 and "cannot be printed as it is" in refused.text
    record = InputRecord(1, 2, RUSSIAN_LETTER, to=TO, sender="Анна 😊\n170000, г. Тверь")
    assert resolve_record(record, None, check_language=False).held


def test_finding_11_a_cyrillic_address_from_abroad_is_offered_in_latin_letters(
    client, sample_directory
):
    pid = sample_directory["Миронов"]
    typed = letter_form(action="prepare", sender_name="Мария Коэн", reply_kit="y",
                        sender_address="ул. Герцль, 5\nХайфа 3303000\nИзраиль")  # fmt: skip
    page = client.post(f"/prisoners/{pid}/write", data=typed, headers=EN)
    assert page.status_code == 200 and 'id="latin-offered"' in page.text
    assert "Your letter is ready" not in page.text  # said before anything is printed
    assert "ul. Gertsl, 5\nKhaifa 3303000\nISRAEL</textarea>" in page.text
    accepted = {**typed, "sender_address": "ul. Gertsl, 5\nKhaifa 3303000\nISRAEL",
                "latin_offered": "1"}  # fmt: skip
    assert "Your letter is ready" in client.post(f"/prisoners/{pid}/write", data=accepted,
                                                 headers=EN).text  # fmt: skip
    for kind in ("envelope", "reply"):
        pdf = client.post(f"/prisoners/{pid}/write/{kind}.pdf", data=accepted)
        with pdfplumber.open(io.BytesIO(pdf.data)) as document:
            text = document.pages[0].extract_text()
        assert "Khaifa 3303000" in text and "ISRAEL" in text and "Хайфа" not in text
    # A country typed in Cyrillic capitals gets its English name.
    french = letter_form(action="check", sender_name="Jeanne",
                         sender_address="12 rue de la Paix\n75002 Paris\nФРАНЦИЯ")  # fmt: skip
    page = client.post(f"/prisoners/{pid}/write", data=french, headers=EN)
    assert "12 rue de la Paix\n75002 Paris\nFRANCE</textarea>" in page.text
    # A file's record says so in the manifest, with the Latin form to use.
    record = InputRecord(1, 2, RUSSIAN_LETTER, to=TO, sender="Мария\nул. Герцль, 5\nИзраиль")
    (warning,) = resolve_record(record, None, check_language=False).warnings
    assert "Cyrillic letters" in warning and "ul. Gertsl, 5, ISRAEL" in warning


def test_pages_cards_and_envelopes_show_the_recipient_in_the_same_lines(app, sample_directory):
    from letters.addressing import prisoner_address
    from letters.directory.models import Prisoner
    from letters.directory.presenter import present
    from letters.pdf.envelope import BLOCK_RECIPIENT, clean_address

    with app.app_context():
        prisoner = db.session.get(Prisoner, sample_directory["Миронов"])
        card = present(prisoner, today=prisoner.created_at.date(), stale_after_days=90)
        block = clean_address(prisoner_address(prisoner), BLOCK_RECIPIENT)
        plan = plan_envelope(ENVELOPES["C6"], block, block)
    laid_out = [line for section, _ in plan.recipient_block.sections for line in section.lines]
    assert card.envelope_lines == laid_out == [*block.name_lines, *block.place_lines()]
