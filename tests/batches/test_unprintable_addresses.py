"""An address never loses a character the envelope font cannot draw: the letter is held.

A letter's text may lose an emoji by the documented rule (marked ``warn``); an address part
with one is named, with the characters, and the letter waits until it is corrected.
"""

from __future__ import annotations

import csv

from letters.batches.claims import Selection, create_batch
from letters.batches.generation import generate_files
from letters.batches.holds import Reason
from letters.batches.models import LetterStatus, QueuedLetter
from letters.directory.models import Prisoner
from letters.extensions import db
from tests.batches.conftest import LETTER, queue_letters
from tests.writing.conftest import letter_form

STARRED = (
    "603950, Нижегородская область, г. Нижний Новгород, ул. Тихая, д. 10, "
    "ФКУ СИЗО-1 ГУФСИН России по Нижегородской области ★, Петрову Ивану Сергеевичу, 1990 г. р."
)


def test_a_batch_holds_a_letter_whose_address_the_font_cannot_draw(app, directory):
    with app.app_context():
        good = queue_letters(1)
        (named,) = queue_letters(1, sender_name="Анна 🌻")
        given = QueuedLetter(address_text=STARRED, text=LETTER)
        db.session.add(given)
        db.session.commit()
        files = generate_files(app, create_batch(db.session, None, Selection()))
        assert {letter.id for letter, _ in files.set_aside} == {named, given.id}
        db.session.expire_all()
        for letter_id, (block, part, char) in {
            named: ("sender's address", "name", "🌻 (U+1F33B)"),
            given.id: ("recipient's address", "facility", "★ (U+2605)"),
        }.items():
            letter = db.session.get(QueuedLetter, letter_id)
            assert (letter.status, letter.batch_id) == (LetterStatus.QUEUED, None)
            reason = Reason.loads(letter.held_reason)
            assert reason.message("en").startswith(f"The {block} cannot be printed as it is")
            assert f"its {part} has {char}" in reason.message("en")
            assert "Адрес" in reason.message("ru")
        assert [letter.id for letter in db.session.get(QueuedLetter, good[0]).batch.letters] == good


def test_a_directory_address_the_font_cannot_draw_is_never_printed_without_it(app, directory):
    with app.app_context():
        (letter_id,) = queue_letters(1)
        mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        mironov.facility.name += " ✪"
        db.session.commit()
        files = generate_files(app, create_batch(db.session, None, Selection()))
        [(letter, reason)] = files.set_aside
        assert letter.id == letter_id
        assert "its facility has ✪ (U+272A)" in reason.message("en")


def test_queue_import_holds_such_a_record(app, runner, directory, tmp_path):
    path = tmp_path / "evening.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "to", "from"])
        writer.writeheader()
        writer.writerow(
            {"text": LETTER, "to": STARRED, "from": "Анна\nул. Баумана, д. 1\n420111 Казань"}
        )
    result = runner.invoke(args=["queue", "import", str(path)])
    assert result.exit_code == 1
    assert "held" in result.output and "its facility has ★ (U+2605)" in result.output
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0


def test_the_writer_is_told_which_field_to_correct(app, client, sample_directory):
    url = f"/prisoners/{sample_directory['Миронов']}/write"
    page = client.post(
        url,
        data=letter_form(
            action="queue", sender_name="Анна 🌻", sender_address="ул. Баумана, д. 1\n420111 Казань"
        ),
        headers={"Accept-Language": "en"},
    )
    assert page.status_code == 422
    errors = page.text.split('id="sender_name-errors"', 1)[1].split("</ul>", 1)[0]
    assert "its name has 🌻 (U+1F33B)" in errors
    assert "Анна 🌻" in page.text  # nothing typed is lost
    page = client.post(
        url,
        data=letter_form(
            action="queue", sender_name="Анна", sender_address="ул. Баумана ☎, д. 1\n420111 Казань"
        ),
        headers={"Accept-Language": "ru"},
    )
    errors = page.text.split('id="sender_address-errors"', 1)[1].split("</ul>", 1)[0]
    assert "в части «улица и дом» есть ☎ (U+260E)" in errors
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0


def test_a_directory_address_the_font_cannot_draw_is_reported_not_queued(
    app, client, sample_directory
):
    with app.app_context():
        mironov = db.session.get(Prisoner, sample_directory["Миронов"])
        mironov.facility.name += " ✪"
        db.session.commit()
    page = client.post(
        f"/prisoners/{sample_directory['Миронов']}/write",
        data=letter_form(action="queue"),
        headers={"Accept-Language": "en"},
    )
    assert page.status_code == 422
    assert "its facility has ✪ (U+272A)" in page.text
    assert "Report an inaccuracy" in page.text
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0
