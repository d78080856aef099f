"""A batch's files, its life from printing to posting, cancelling, reprinting and retention."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from letters.batches import lifecycle
from letters.batches.claims import Selection, create_batch
from letters.batches.files import build_files
from letters.batches.generation import generate_files
from letters.batches.models import LetterStatus, QueuedLetter
from letters.batches.queue import letters_received
from letters.batches.retention import PERSONAL_FIELDS, purge
from letters.directory.models import Prisoner
from letters.extensions import db
from letters.messages import StoredMessage
from tests.batches.conftest import LETTER, queue_letters, transfer_mironov_to_colony


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def files_of(batch, **kwargs) -> dict[str, bytes]:
    return build_files(batch, **kwargs).files


def test_files_are_complete_in_the_same_order(app, directory):
    with app.app_context():
        queue_letters(
            3, reply_kit=True, sender_name="Анна", sender_address="ул. Баумана, 1\n420111 Казань"
        )
        queue_letters(2)
        batch = create_batch(db.session, None, Selection())
        files = files_of(batch)
        assert sorted(files) == [
            "cover.pdf", "envelopes.pdf", "letters.pdf", "manifest.csv", "reply-envelopes-C6.pdf"
        ]  # fmt: skip
        letter_pages = pages(files["letters.pdf"])
        assert len(letter_pages) == 3 * 2 + 2  # a kit letter has a blank sheet for the reply
        assert letter_pages[1].startswith("Лист для ответа")
        envelopes = pages(files["envelopes.pdf"])
        assert len(envelopes) == 5  # the outgoing ones, in the letters' order
        assert all("Миронову Сергею Геннадьевичу" in page for page in envelopes)
        replies = pages(files["reply-envelopes-C6.pdf"])  # a stack of its own (finding 6)
        assert len(replies) == 3
        assert all("Миронов Сергей Геннадьевич, 1981 г. р." in page for page in replies)
        rows = list(csv.DictReader(io.StringIO(files["manifest.csv"].decode())))
        assert [r["reference"] for r in rows] == [letter.reference for letter in batch.letters]
        assert rows[0]["facility"] == "ФКУ СИЗО-2 УФСИН России по Волгоградской области"
        assert [r["pages"] for r in rows] == ["2", "2", "2", "1", "1"]  # kit letters: 2 sheets
        cover = pages(files["cover.pdf"])[0]
        assert "Писем: 5" in cover and "Конвертов: 8" in cover and "Листов бумаги: 8" in cover
        assert "envelopes.pdf: конверты C6, 5 шт." in cover
        assert "reply-envelopes-C6.pdf: ответные конверты C6, 3 шт." in cover
        assert "5 — ФКУ СИЗО-2 УФСИН России по Волгоградской области" in cover
        assert "трафарет" not in cover and "postcode_by_hand_in_stencil" not in rows[0]


def test_emoji_go_by_the_rule_and_the_manifest_says_so(app, directory):
    """A queued letter with an emoji prints without it; the manifest names what went."""
    with app.app_context():
        queue_letters(1)
        [emoji] = queue_letters(1)
        letter = db.session.get(QueuedLetter, emoji)
        letter.text = LETTER + " Обнимаю 🤗!"
        db.session.commit()
        files = files_of(create_batch(db.session, None, Selection()))
        rows = list(csv.DictReader(io.StringIO(files["manifest.csv"].decode())))
        assert [r["removed_characters"] for r in rows] == ["", "🤗 (U+1F917)"]
        assert "Обнимаю!" in pages(files["letters.pdf"])[1]


def test_regenerating_gives_identical_files(app, directory):
    with app.app_context():
        queue_letters(3)
        batch = create_batch(db.session, None, Selection())
        first = build_files(batch).zip_bytes()
        second = build_files(batch).zip_bytes()
        assert first == second
        assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


def test_duplex_starts_every_letter_on_a_front_page(app, directory):
    with app.app_context():
        queue_letters(3)
        batch = create_batch(db.session, None, Selection(), duplex=True)
        letter_pages = pages(files_of(batch)["letters.pdf"])
        assert len(letter_pages) == 6
        assert [bool(text.strip()) for text in letter_pages] == [True, False] * 3


def test_labels_start_at_the_chosen_label(app, directory):
    with app.app_context():
        queue_letters(2)
        batch = create_batch(db.session, None, Selection(), envelope_format="labels-2x7",
                             start_label=5)  # fmt: skip
        files = files_of(batch)
        assert "envelopes.pdf" not in files
        from pdfplumber import open as open_pdf

        with open_pdf(io.BytesIO(files["labels.pdf"])) as pdf:
            words = [w for w in pdf.pages[0].extract_words() if w["text"] == "Миронову"]
        assert len(words) == 2
        # Label 5 of a 2 × 7 sheet is the first of the third row: left column, below two rows.
        assert min(w["x0"] for w in words) < pdf.pages[0].width / 2
        assert min(w["top"] for w in words) > 2 * 38.1 * 72 / 25.4
        # Labels: the cover sheet and the manifest say to write the postcode into the stencil.
        cover = pages(files["cover.pdf"])[0]
        assert "Индекс впишите от руки в трафарет на конверте" in cover
        rows = list(csv.DictReader(io.StringIO(files["manifest.csv"].decode())))
        assert [r["postcode_by_hand_in_stencil"] for r in rows] == ["403882", "403882"]


def test_transferred_letter_follows_and_is_flagged(app, directory):
    with app.app_context():
        queue_letters(1)
        transfer_mironov_to_colony(directory["colony_id"])
        batch = create_batch(db.session, None, Selection())
        files = files_of(batch)
        assert "ФКУ ИК-5 УФСИН России по" in pages(files["envelopes.pdf"])[0]
        row = next(csv.DictReader(io.StringIO(files["manifest.csv"].decode())))
        assert row["readdressed"] == "yes"


def test_printed_then_posted_with_tracking_and_the_writer_sees_it(app, client, directory):
    with app.app_context():
        [letter_id] = queue_letters(1)
        batch = create_batch(db.session, None, Selection())
        generate_files(app, batch)  # printing needs the files
        lifecycle.mark_printed(db.session, batch, None)
        lifecycle.mark_posted(db.session, batch, None, on=date(2026, 11, 20),
                              tracking={letter_id: "RA123456789RU"})  # fmt: skip
        db.session.commit()
        letter = db.session.get(QueuedLetter, letter_id)
        assert letter.status is LetterStatus.POSTED
        assert letter.posted_on == date(2026, 11, 20)
        assert [e.status for e in letter.events] == [
            LetterStatus.QUEUED, LetterStatus.IN_BATCH, LetterStatus.PRINTED, LetterStatus.POSTED
        ]  # fmt: skip
        reference = letter.reference
    page = client.get(f"/letters/{reference}", headers={"Accept-Language": "en"})
    assert "Posted" in page.text
    assert "tracking number RA123456789RU" in page.text


def test_posting_before_printing_is_refused(app, directory):
    with app.app_context():
        queue_letters(1)
        batch = create_batch(db.session, None, Selection())
        with pytest.raises(lifecycle.InvalidTransition):
            lifecycle.mark_posted(db.session, batch, None)


def test_cancel_returns_letters_to_the_queue(app, directory):
    with app.app_context():
        ids = queue_letters(3)
        batch = create_batch(db.session, None, Selection())
        assert lifecycle.cancel_batch(db.session, batch, None) == 3
        db.session.commit()
        for letter_id in ids:
            letter = db.session.get(QueuedLetter, letter_id)
            assert (letter.status, letter.batch_id) == (LetterStatus.QUEUED, None)
            assert str(StoredMessage.loads(letter.events[-1].note)) == f"batch {batch.id} cancelled"
        again = create_batch(db.session, None, Selection())
        assert sorted(letter.id for letter in again.letters) == ids


def test_reprint_is_recorded_for_every_letter(app, directory):
    with app.app_context():
        queue_letters(2)
        batch = create_batch(db.session, None, Selection())
        with pytest.raises(lifecycle.InvalidTransition):
            lifecycle.record_reprint(db.session, batch, None)
        generate_files(app, batch)  # printing needs the files
        lifecycle.mark_printed(db.session, batch, None)
        lifecycle.record_reprint(db.session, batch, None)
        db.session.commit()
        assert all(
            str(StoredMessage.loads(letter.events[-1].note)) == f"batch {batch.id} reprinted"
            for letter in batch.letters
        )


def test_purge_forgets_the_letter_but_not_that_it_was_sent(app, directory):
    with app.app_context():
        ids = queue_letters(2, sender_name="Анна", sender_address="Казань", signature="Анна")
        batch = create_batch(db.session, None, Selection())
        generate_files(app, batch)  # printing needs the files
        lifecycle.mark_printed(db.session, batch, None)
        lifecycle.mark_posted(db.session, batch, None, on=date.today() - timedelta(days=31))
        db.session.commit()
        unposted = queue_letters(1)[0]
        assert purge(db.session, retention_days=30) == 2
        for letter_id in ids:
            letter = db.session.get(QueuedLetter, letter_id)
            db.session.refresh(letter)
            assert [getattr(letter, f) for f in PERSONAL_FIELDS] == [None] * len(PERSONAL_FIELDS)
            assert letter.prisoner_id is not None and letter.posted_on is not None
            assert letter.purged_at is not None
        # Nothing of the letter survives anywhere in the row or its history.
        for row in db.session.query(QueuedLetter).filter(QueuedLetter.id.in_(ids)):
            assert LETTER not in repr([getattr(row, c.key) for c in QueuedLetter.__table__.columns])
            assert all("Анна" not in (e.note or "") for e in row.events)
        assert db.session.get(QueuedLetter, unposted).text == LETTER
        mironov_id = db.session.query(Prisoner).filter_by(surname="Миронов").one().id
        assert letters_received(db.session)[mironov_id] == 3
        assert purge(db.session, retention_days=30) == 0


def test_purge_command(app, runner, directory):
    with app.app_context():
        queue_letters(1)
        batch = create_batch(db.session, None, Selection())
        generate_files(app, batch)  # printing needs the files
        lifecycle.mark_printed(db.session, batch, None)
        lifecycle.mark_posted(db.session, batch, None, on=date.today() - timedelta(days=31))
        db.session.commit()
        # No request has run the schedule: only the command purges here.
    result = runner.invoke(args=["purge"])
    assert result.output.strip() == "Purged 1 letters."


def test_a_queued_letter_from_abroad_keeps_both_names_and_goes_from_abroad(app, directory):
    from letters.batches.files import batch_item

    with app.app_context():
        (letter_id,) = queue_letters(
            1, sender_name="Anna Schmidt", sender_name_cyrillic="Анна Шмидт",
            sender_address="Musterstraße 12\n10115 Berlin\nGermany",
        )  # fmt: skip
        item = batch_item(db.session.get(QueuedLetter, letter_id))
        assert item.letter.sender_name == "Анна Шмидт"  # the letter page
        assert item.sender.name_lines == ("Anna Schmidt",)  # the envelope
        assert item.sender.country == "GERMANY" and item.from_abroad is True
