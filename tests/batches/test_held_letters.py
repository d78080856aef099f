"""A held letter can be acted on: see why, correct it, put it back (checked again), or cancel."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from letters.batches import holds
from letters.batches.claims import Selection, create_batch
from letters.batches.generation import generate_files
from letters.batches.models import Batch, LetterStatus, QueuedLetter
from letters.extensions import db
from tests.batches.conftest import LETTER, queue_letters
from tests.batches.test_unprintable_addresses import STARRED
from tests.batches.test_volunteer_pages import volunteer_client

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}
CORRECTED = STARRED.replace(" ★", "")


def _held_pair(app) -> tuple[int, int]:
    """Two letters a batch set aside: one addressed by its own block, one from the directory."""
    with app.app_context():
        given = QueuedLetter(address_text=STARRED, text=LETTER, sender_name="Анна")
        db.session.add(given)
        db.session.commit()
        (named,) = queue_letters(1, sender_name="Анна 🌻")
        files = generate_files(app, create_batch(db.session, None, Selection()))
        assert {letter.id for letter, _ in files.set_aside} == {given.id, named}
        return given.id, named


def test_correct_a_held_address_and_put_it_back_in_the_queue(app, directory):
    given, _ = _held_pair(app)
    client = volunteer_client(app)
    queue = client.get("/volunteer/", headers=EN).text
    assert f'href="/volunteer/letters/{given}/held"' in queue
    page = client.get(f"/volunteer/letters/{given}/held", headers=EN).text
    assert "its facility has ★ (U+2605)" in page
    assert "ФКУ СИЗО-1 ГУФСИН России по Нижегородской области ★" in page  # in the form to edit

    # Still wrong after the correction: stays held, with the new reason.
    still = CORRECTED + ", 12-15 лет"
    response = client.post(f"/volunteer/letters/{given}/held",
                           data={"address_text": still, "sender_name": "Анна"})  # fmt: skip
    assert response.headers["Location"] == f"/volunteer/letters/{given}/held"
    page = client.get(f"/volunteer/letters/{given}/held", headers=EN).text
    why = page.split('id="held-reason"', 1)[1].split("</div>", 1)[0]
    assert "«12-15 лет»" in why and "U+2605" not in why
    with app.app_context():
        letter = db.session.get(QueuedLetter, given)
        assert letter.held_reason and letter.address_text == still and letter.text == LETTER

    response = client.post(f"/volunteer/letters/{given}/held",
                           data={"address_text": CORRECTED, "sender_name": "Анна"})  # fmt: skip
    assert response.headers["Location"] == "/volunteer/"
    with app.app_context():
        letter = db.session.get(QueuedLetter, given)
        assert (letter.status, letter.held_reason) == (LetterStatus.QUEUED, None)
        # Back in the queue: the next batch takes it, once.
        batch = create_batch(db.session, None, Selection())
        assert [item.id for item in batch.letters] == [given]
        files = generate_files(app, db.session.get(Batch, batch.id))
        assert files.set_aside == [] and files.files["manifest.csv"].decode().count("\n") == 2
    # The history tells what happened, in the reader's language; a released letter has no page.
    history = client.get("/volunteer/", headers=EN)
    assert history.status_code == 200
    gone = client.get(f"/volunteer/letters/{given}/held", headers=EN)
    assert gone.status_code == 302
    with app.app_context():
        notes = [e.note for e in db.session.get(QueuedLetter, given).events]
        assert sum(1 for n in notes if n and "corrected" in n) == 2


def test_history_is_in_the_volunteers_language(app, directory):
    given, _ = _held_pair(app)
    client = volunteer_client(app)
    client.post(f"/volunteer/letters/{given}/held",
                data={"address_text": CORRECTED + ", 12-15 лет"})  # fmt: skip
    ru = client.get(f"/volunteer/letters/{given}/held", headers=RU).text
    history = ru.split('id="letter-history"', 1)[1]
    assert "Проверено снова: письмо по-прежнему задержано." in history
    assert "Адрес или данные автора исправлены." in history
    assert "Checked again" not in history


def test_a_directory_addressed_letter_is_corrected_in_the_writers_fields(app, directory):
    _, named = _held_pair(app)
    client = volunteer_client(app)
    page = client.get(f"/volunteer/letters/{named}/held", headers=EN).text
    assert "its name has 🌻 (U+1F33B)" in page
    assert 'name="address_text"' not in page  # the directory's address is corrected there
    client.post(f"/volunteer/letters/{named}/held", data={"sender_name": "Анна"})
    with app.app_context():
        letter = db.session.get(QueuedLetter, named)
        assert (letter.sender_name, letter.held_reason) == ("Анна", None)


def test_cancel_a_held_letter(app, directory):
    given, named = _held_pair(app)
    client = volunteer_client(app)
    response = client.post(f"/volunteer/letters/{named}/held", data={"action": "cancel"})
    assert response.headers["Location"] == "/volunteer/"
    with app.app_context():
        letter = db.session.get(QueuedLetter, named)
        assert letter.status is LetterStatus.CANCELLED
        assert (letter.text, letter.sender_name, letter.batch_id) == (None, None, None)
        assert letter.purged_at is not None
        reference = letter.reference
        # Never claimed again; the other held letter still waits.
        assert db.session.get(QueuedLetter, given).status is LetterStatus.QUEUED
    status = client.get(f"/letters/{reference}", headers=EN).text
    assert "Cancelled" in status and "cancelled it" in status
    again = client.post(f"/volunteer/letters/{named}/held", data={"action": "cancel"})
    assert again.status_code == 302 and again.headers["Location"] == "/volunteer/"


def test_a_letter_in_a_batch_cannot_be_changed_here(app, directory):
    with app.app_context():
        (letter_id,) = queue_letters(1)
        create_batch(db.session, None, Selection())
    client = volunteer_client(app)
    response = client.post(f"/volunteer/letters/{letter_id}/held", data={"action": "cancel"})
    assert response.headers["Location"] == "/volunteer/"
    with app.app_context():
        assert db.session.get(QueuedLetter, letter_id).status is LetterStatus.IN_BATCH
    assert client.get("/volunteer/letters/999999/held").status_code == 404


def test_a_letter_taken_meanwhile_is_never_cancelled_under_the_batch(app, directory):
    """The cancel is conditional, like a claim: the page was opened while the letter was held."""
    given, _ = _held_pair(app)
    with app.app_context():
        letter = db.session.get(QueuedLetter, given)  # as the page saw it: held, in the queue
        assert letter.status is LetterStatus.QUEUED
        with db.engine.begin() as connection:  # another volunteer released it, a batch took it
            connection.execute(
                update(QueuedLetter)
                .where(QueuedLetter.id == given)
                .values(status=LetterStatus.IN_BATCH, held_reason=None)
            )
        with pytest.raises(holds.NotHeld):
            holds.cancel(db.session, letter, None)
        db.session.expire_all()
        kept = db.session.get(QueuedLetter, given)
        assert kept.status is LetterStatus.IN_BATCH and kept.text == LETTER
