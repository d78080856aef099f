"""``letters queue import``: letters collected on paper or in a spreadsheet join the queue."""

from __future__ import annotations

import csv

from letters.batches.claims import Selection, create_batch
from letters.batches.files import batch_item
from letters.batches.models import LetterStatus, QueuedLetter
from letters.extensions import db
from letters.messages import StoredMessage
from tests.batches.conftest import LETTER

PAGE_ADDRESS = (
    "603950, Нижегородская область, г. Нижний Новгород, ул. Тихая, д. 10, "
    "ФКУ СИЗО-1 ГУФСИН России по Нижегородской области, Петрову Ивану Сергеевичу, 1990 г. р."
)


def write_csv(path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "to", "prisoner", "from"])
        writer.writeheader()
        writer.writerows(rows)


def test_good_records_are_queued_with_reference_codes(app, runner, directory, tmp_path):
    path = tmp_path / "evening.csv"
    write_csv(path, [
        {"text": LETTER, "prisoner": "Миронов Сергей Геннадьевич, 1981",
         "from": "Анна Иванова\nул. Баумана, д. 1\n420111 Казань"},
        {"text": LETTER, "to": PAGE_ADDRESS},
    ])  # fmt: skip
    result = runner.invoke(args=["queue", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 letters queued, 0 failed." in result.output
    with app.app_context():
        letters = db.session.query(QueuedLetter).order_by(QueuedLetter.id).all()
        assert [letter.status for letter in letters] == [LetterStatus.QUEUED] * 2
        assert letters[0].prisoner.surname == "Миронов"
        assert letters[0].sender_name == "Анна Иванова"
        assert letters[1].prisoner is None and letters[1].address_text == PAGE_ADDRESS
        assert str(StoredMessage.loads(letters[1].events[0].note)) == "imported from evening.csv"
        # Both can be printed: the second is addressed from its own block.
        batch = create_batch(db.session, None, Selection())
        items = {letter.id: batch_item(letter) for letter in batch.letters}
        assert items[letters[1].id].recipient.facility == (
            "ФКУ СИЗО-1 ГУФСИН России по Нижегородской области"
        )
        assert items[letters[1].id].recipient.name_lines == (
            "Петрову Ивану Сергеевичу,",
            "1990 г. р.",
        )


def test_a_bad_record_stops_the_import_unless_skipped(app, runner, directory, tmp_path):
    path = tmp_path / "evening.csv"
    write_csv(path, [
        {"text": LETTER, "prisoner": "Миронов Сергей Геннадьевич, 1981"},
        {"text": "Привіт! Як справи? Що нового у тебе?", "prisoner": "Миронов Сергей Геннадьевич"},
        {"text": LETTER, "prisoner": "Иванов Иван Иванович, 1970"},
    ])  # fmt: skip
    refused = runner.invoke(args=["queue", "import", str(path)])
    assert refused.exit_code == 1
    assert "record 2 (line 3): Rejected by the language check" in refused.output
    assert "record 3 (line 4)" in refused.output
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0
    partial = runner.invoke(args=["queue", "import", str(path), "--skip-bad"])
    assert partial.exit_code == 1
    assert "1 letters queued, 2 failed." in partial.output
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 1


def test_an_unreadable_file_is_exit_2(runner, directory, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("name,age\nx,1\n", encoding="utf-8")
    result = runner.invoke(args=["queue", "import", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_words_not_understood_hold_the_record_and_an_unprintable_one_is_refused(
    app, runner, directory, tmp_path
):
    path = tmp_path / "evening.csv"
    write_csv(path, [
        {"text": LETTER, "to": PAGE_ADDRESS + ", 12-15 лет"},
        {"text": LETTER, "to": PAGE_ADDRESS, "from": "А" * 200},
        {"text": LETTER, "to": PAGE_ADDRESS, "from": "Anna\nMusterstr. 12\n10115 Berlin\nGermany"},
    ])  # fmt: skip
    refused = runner.invoke(args=["queue", "import", str(path)])
    assert refused.exit_code == 1
    held = "record 1 (line 2): held: These words of the address were not understood: «12-15 лет»"
    assert held in refused.output
    assert "record 2 (line 3): The sender's address does not fit on the C6 envelope" in (
        refused.output
    )
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0
    partial = runner.invoke(args=["queue", "import", str(path), "--skip-bad"])
    assert "1 letters queued, 1 failed, 1 held." in partial.output
    with app.app_context():
        (letter,) = db.session.query(QueuedLetter).all()
        assert letter.from_abroad is True  # decided from its own sender's address
