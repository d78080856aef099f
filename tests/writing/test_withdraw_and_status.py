"""The writer's letter page: withdrawing a letter no batch has taken (forgotten like a purged
one, byte for byte), and what it says of a held or cancelled letter."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from letters.batches.claims import Selection, create_batch
from letters.batches.models import LetterStatus, QueuedLetter
from letters.directory.models import Prisoner, PrisonerStatus
from letters.extensions import db
from tests.batches.conftest import directory  # noqa: F401 - a fixture
from tests.security.leftovers import in_database_files, in_tables
from tests.security.test_purge import LETTER as MARKED_LETTER
from tests.security.test_purge import MARKERS, WRITER_MARKER
from tests.writing.conftest import letter_form

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


def _queue(client, prisoner_id: int, **fields) -> str:
    sent = client.post(
        f"/prisoners/{prisoner_id}/write", data=letter_form(action="queue", **fields)
    )
    assert sent.status_code == 302, sent.text
    return sent.headers["Location"].rsplit("/", 1)[1]


def _queued_to(app, client, prisoner_id: int, status: PrisonerStatus) -> str:
    """Queue a letter to ``prisoner_id``, who then becomes ``status``; its reference."""
    reference = _queue(client, prisoner_id)
    with app.app_context():
        db.session.get(Prisoner, prisoner_id).status = status
        db.session.commit()
    return reference


def _letter(app, reference: str) -> QueuedLetter:
    with app.app_context():
        letter = db.session.scalars(
            select(QueuedLetter).where(QueuedLetter.reference == reference)
        ).one()
        db.session.expunge(letter)
        return letter


def test_a_writer_withdraws_a_waiting_letter_and_no_byte_of_it_is_left(
    app, client, sample_directory
):
    reference = _queue(
        client,
        sample_directory["Миронов"],
        text=MARKED_LETTER,
        sender_name=f"Анна {WRITER_MARKER}",
        sender_address=f"ул. {WRITER_MARKER}а, 1\n420111 Казань",
    )
    with app.app_context():
        assert in_tables(db.engine, MARKERS) == {"queued_letters": MARKERS}
    page = client.get(f"/letters/{reference}", headers=EN).text
    assert "Withdraw this letter" in page
    withdrawn = client.post(f"/letters/{reference}/withdraw")
    assert withdrawn.headers["Location"] == f"/letters/{reference}"
    letter = _letter(app, reference)
    assert letter.status is LetterStatus.CANCELLED and letter.purged_at is not None
    with app.app_context():
        assert in_tables(db.engine, MARKERS) == {}
        leftovers = in_database_files(db.engine, MARKERS)
        assert leftovers in ({}, None), leftovers
    page = client.get(f"/letters/{reference}", headers=EN).text
    assert "You withdrew the letter" in page and "Withdraw this letter" not in page
    assert "could not be printed" not in page.split("<details")[0]
    assert "Вы отозвали письмо" in client.get(f"/letters/{reference}", headers=RU).text


def test_a_letter_a_batch_took_cannot_be_withdrawn(app, client, sample_directory):
    reference = _queue(client, sample_directory["Миронов"])
    with app.app_context():
        create_batch(db.session, None, Selection())
    assert "Withdraw this letter" not in client.get(f"/letters/{reference}", headers=EN).text
    refused = client.post(f"/letters/{reference}/withdraw", headers=EN)
    assert refused.status_code == 302
    letter = _letter(app, reference)
    assert letter.status is LetterStatus.IN_BATCH and letter.text is not None


def test_a_held_letter_says_it_is_held_and_what_comes_next(app, client, sample_directory):
    reference = _queued_to(app, client, sample_directory["Миронов"], PrisonerStatus.TRANSFERRED)
    page = client.get(f"/letters/{reference}", headers=EN).text
    assert '<strong id="letter-status">Held back</strong>' in page
    assert "new address is not known yet" in page
    assert "within a few days" not in page.split("<details")[0]
    timeline = page[page.index('<ol class="timeline">') : page.index("</ol>")]
    assert timeline.count("Waiting for a volunteer") == 1 and "Held back" in timeline


@pytest.mark.usefixtures("directory")
def test_a_letter_set_aside_and_checked_again_shows_each_step_once(app):
    from tests.batches.test_held_letters import _held_pair, volunteer_client

    _, named = _held_pair(app)
    client = volunteer_client(app)
    for _ in range(2):  # checked again twice, still held each time
        client.post(f"/volunteer/letters/{named}/held", data={"action": "release"})
    with app.app_context():
        letter = db.session.get(QueuedLetter, named)
        reference, events = letter.reference, len(letter.events)
    assert events >= 4
    page = client.get(f"/letters/{reference}", headers=EN).text
    timeline = page[page.index('<ol class="timeline">') : page.index("</ol>")]
    assert timeline.count("Waiting for a volunteer") == 1
    assert timeline.count("Held back") == 1


def test_a_letter_cancelled_because_the_prisoner_was_released_says_so(
    app, client, auth, volunteer, sample_directory
):
    reference = _queued_to(app, client, sample_directory["Миронов"], PrisonerStatus.RELEASED)
    held = client.get(f"/letters/{reference}", headers=EN).text
    assert "has been released" in held
    letter_id = _letter(app, reference).id
    auth.login(volunteer.email)
    client.post(f"/volunteer/letters/{letter_id}/held", data={"action": "cancel"})
    page = client.get(f"/letters/{reference}", headers=EN).text
    assert "was released before the letter was printed" in page
    assert "could not be printed or is not known" not in page.split("<details")[0]
    assert "освобождён" in client.get(f"/letters/{reference}", headers=RU).text
