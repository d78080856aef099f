"""Migration 0008_queued_letters_sender_read: queued letters' return addresses, stored as typed by
the previous revision, are read once by the address parser; nothing else changes.

The rows are the shapes the previous code stored: a writer in Russia; a writer abroad whose
country the form appended as the last line (a name the parser knows, and one it does not);
captions typed into the name and the address; a file's one-line ``from`` kept whole as the name
by ``letters queue import``; a file's writer in Almaty; a purged letter; a name with a comma.
"""

from __future__ import annotations

from letters.batches.files import batch_item
from letters.batches.models import QueuedLetter
from letters.batches.queue import NOTE_IMPORTED
from letters.extensions import db
from letters.messages import coded

PREVIOUS = "0003_issue11c_service_pages"
WHEN = "2026-11-02 10:00:00"
TEXT = "Здравствуйте! Пишу Вам из Казани. У нас выпал первый снег."
TO = (
    "Миронову Сергею Геннадьевичу, 1981 г. р., ФКУ СИЗО-2 УФСИН России по Волгоградской "
    "области, ул. Ленина, д. 1, г. Камышин, Волгоградская область, 403874"
)
ONE_LINE = "Смирнов Олег Петрович, ул. Садовая, д. 3, кв. 4, г. Санкт-Петербург, 191186"

# (name, address, from_abroad) as stored before → (name, address, postcode, country, abroad)
ROWS = [
    (("Анна Иванова", "ул. Ленина, д. 5, кв. 12\nг. Екатеринбург\n620014", False),
     ("Анна Иванова", "ул. Ленина, д. 5, кв. 12\nг. Екатеринбург", "620014", None, False)),
    (("Olga Brown", "22 Acacia Avenue\nReading RG1 1AA\nUnited Kingdom", True),
     ("Olga Brown", "22 Acacia Avenue\nReading RG1 1AA", None, "UNITED KINGDOM", True)),
    (("Hans Müller", "Musterstraße 12\n10115 Berlin\nBRD", True),
     ("Hans Müller", "Musterstraße 12\n10115 Berlin", None, "BRD", True)),
    (("Кому: Петрова Анна Ивановна", "Адрес: 170100, г. Тверь, ул. Ленина, д. 5", False),
     ("Петрова Анна Ивановна", "г. Тверь, ул. Ленина, д. 5", "170100", None, False)),
    ((ONE_LINE, None, False),
     ("Смирнов Олег Петрович", "ул. Садовая, д. 3, кв. 4, г. Санкт-Петербург", "191186", None,
      False)),
    (("Aigerim", "050000 Almaty / Kazakhstan", True),
     ("Aigerim", "050000 Almaty", None, "KAZAKHSTAN", True)),
    ((None, None, False), (None, None, None, None, False)),
    (("Иванова Анна, мл.", None, False), ("Иванова Анна, мл.", None, None, None, False)),
]  # fmt: skip
IMPORTED = (5, 6)  # row numbers (1-based) that came from a file
SENDER = ("sender_name", "sender_address", "sender_postcode", "sender_country", "from_abroad")


def fill(old) -> None:
    old.insert("queued_letters", [
        {"id": number, "reference": f"AAAA-{number:04d}", "prisoner_id": None,
         "queued_facility_id": None, "address_text": TO, "text": TEXT, "greeting": None,
         "signature": None, "sender_name": name, "sender_name_cyrillic": None,
         "sender_address": address, "from_abroad": abroad, "envelope_format": "C6",
         "reply_kit": False, "letter_date": "2026-11-01", "status": "queued", "batch_id": None,
         "batch_position": None, "tracking_number": None, "held_reason": None,
         "created_at": WHEN, "posted_on": None, "purged_at": None}
        for number, ((name, address, abroad), _) in enumerate(ROWS, start=1)
    ])  # fmt: skip
    old.insert("letter_events", [
        {"id": number, "letter_id": number, "batch_id": None, "status": "queued", "at": WHEN,
         "user_id": None,
         "note": coded(NOTE_IMPORTED, file="evening.csv") if number in IMPORTED else None}
        for number in range(1, len(ROWS) + 1)
    ])  # fmt: skip


def test_upgrade_reads_every_stored_sender_and_keeps_the_rest(database_at):
    old = database_at(PREVIOUS)
    fill(old)
    before = old.rows("queued_letters")
    events = old.rows("letter_events")
    old.upgrade()

    kept = [name for name in before.columns if name not in SENDER]
    assert old.rows("queued_letters", columns=kept).values == old_rows_without(before, kept)
    assert old.rows("letter_events") == events
    read = old.rows("queued_letters", columns=["id", *SENDER]).values
    assert [tuple(row[1:]) for row in read] == [expected for _, expected in ROWS]

    with old.app.app_context():
        # Finding 1 on a letter already in the queue: the one-line sender prints as an address.
        item = batch_item(db.session.get(QueuedLetter, 5))
        assert item.sender.name_lines == ("Смирнов Олег Петрович",)
        assert item.sender.postcode == "191186"
        assert item.letter.sender_name == "Смирнов Олег Петрович"
        assert item.letter.return_address.endswith("г. Санкт-Петербург\n191186")
        # Abroad: the country under the writer's own block, never RUSSIA there.
        assert batch_item(db.session.get(QueuedLetter, 2)).sender.country == "UNITED KINGDOM"


def old_rows_without(before, kept: list[str]) -> list[tuple]:
    index = [before.columns.index(name) for name in kept]
    return [tuple(row[i] for i in index) for row in before.values]
