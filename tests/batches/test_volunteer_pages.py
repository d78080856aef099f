"""The volunteer's pages: the queue, making a batch, downloading it, recording what happened."""

from __future__ import annotations

import io
import zipfile

import pytest

from letters.auth.models import Role
from letters.batches.models import Batch, BatchStatus, LetterStatus, QueuedLetter
from letters.directory.models import Prisoner, PrisonerStatus
from letters.extensions import db
from letters.messages import StoredMessage
from tests.batches.conftest import claim_batch, queue_letters
from tests.conftest import AuthActions, create_user


def volunteer_client(app):
    create_user(app, "vera@example.org", Role.VOLUNTEER)
    actions = AuthActions(app.test_client())
    actions.login("vera@example.org")
    return actions.client


def progress_of(client, batch_id: int) -> dict:
    """The progress JSON; tests run jobs at once (JOBS_IMMEDIATE), so it is final already."""
    return client.get(f"/volunteer/batches/{batch_id}/progress").json


def test_volunteer_pages_need_an_account(client):
    for path in ("/volunteer/", "/volunteer/batches", "/volunteer/batches/1"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_queue_groups_letters_and_shows_held_ones_apart(app, directory):
    with app.app_context():
        queue_letters(3)
        perov = db.session.query(Prisoner).filter_by(surname="Перов").one()
        db.session.add(QueuedLetter(prisoner=perov, text="…"))
        db.session.commit()
    client = volunteer_client(app)
    page = client.get("/volunteer/", headers={"Accept-Language": "en"})
    assert '="Facility">ФКУ СИЗО-2 УФСИН России по Волгоградской области' in page.text
    assert '="Letters">3</td>' in page.text
    assert 'data-held="unknown"' in page.text
    assert "No postal address is known." in page.text


def test_make_download_print_and_post_a_batch(app, directory):
    with app.app_context():
        queue_letters(4)
    client = volunteer_client(app)
    response = client.post("/volunteer/batches", data={"which": "all", "envelope_format": "DL",
                                                       "start_label": "1"})  # fmt: skip
    assert response.status_code == 302
    batch_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert progress_of(client, batch_id) == {"done": 4, "total": 4, "ready": True, "failed": False}
    with client.post(f"/volunteer/batches/{batch_id}/download") as download:
        assert download.headers["Content-Type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    assert sorted(names) == ["cover.pdf", "envelopes.pdf", "letters.pdf", "manifest.csv"]

    client.post(f"/volunteer/batches/{batch_id}/printed")
    # Printed already: a plain download is refused, only a deliberate reprint is given.
    refused = client.post(f"/volunteer/batches/{batch_id}/download")
    assert refused.status_code == 302
    with client.post(f"/volunteer/batches/{batch_id}/download", data={"reprint": "yes"}) as again:
        assert again.headers["Content-Type"] == "application/zip"

    with app.app_context():
        references = [letter.reference for letter in db.session.get(Batch, batch_id).letters]
    posted = {"posted_on": "2026-11-20", "tracking": f"{references[0]} RA000000001RU"}
    client.post(f"/volunteer/batches/{batch_id}/posted", data=posted)
    with app.app_context():
        batch = db.session.get(Batch, batch_id)
        assert batch.status is BatchStatus.POSTED
        letters = batch.letters
        assert {letter.status for letter in letters} == {LetterStatus.POSTED}
        assert letters[0].tracking_number == "RA000000001RU"
        assert letters[0].events[-1].user.email == "vera@example.org"
        notes = [str(StoredMessage.loads(e.note)) for e in letters[0].events if e.note]
        assert f"batch {batch_id} reprinted" in notes


def test_bad_tracking_line_is_a_clear_error_and_nothing_changes(app, directory):
    with app.app_context():
        queue_letters(1)
    client = volunteer_client(app)
    batch_id = claim_batch(client)
    client.post(f"/volunteer/batches/{batch_id}/printed")
    page = client.post(f"/volunteer/batches/{batch_id}/posted", data={"tracking": "oops"},
                       headers={"Accept-Language": "en"})  # fmt: skip
    assert page.status_code == 422
    assert "Cannot read: oops" in page.text
    with app.app_context():
        assert db.session.get(Batch, batch_id).status is BatchStatus.PRINTED


def test_region_choice_needs_a_region(app, directory):
    with app.app_context():
        queue_letters(1)
    client = volunteer_client(app)
    page = client.post("/volunteer/batches", data={"which": "region", "envelope_format": "C6"},
                       headers={"Accept-Language": "en"})  # fmt: skip
    assert page.status_code == 422
    assert "Choose the region." in page.text


def test_cancel_from_the_page(app, directory):
    with app.app_context():
        queue_letters(2)
    client = volunteer_client(app)
    batch_id = claim_batch(client)
    assert progress_of(client, batch_id)["ready"]
    client.post(f"/volunteer/batches/{batch_id}/cancel")
    with app.app_context():
        statuses = {letter.status for letter in db.session.query(QueuedLetter)}
        assert statuses == {LetterStatus.QUEUED}
        assert db.session.get(Batch, batch_id).status is BatchStatus.CANCELLED


def test_held_letters_are_not_taken_from_the_page(app, directory):
    with app.app_context():
        queue_letters(2)
        db.session.query(Prisoner).filter_by(
            surname="Миронов"
        ).one().status = PrisonerStatus.RELEASED
        db.session.commit()
    client = volunteer_client(app)
    response = client.post("/volunteer/batches", data={"which": "all", "envelope_format": "C6"})
    assert response.headers["Location"] == "/volunteer/"
    with app.app_context():
        assert db.session.query(Batch).count() == 0


def test_one_unprintable_letter_is_set_aside_and_the_others_print(app, directory):
    """Issue 12: one bad letter used to fail the whole batch on every retry."""
    from letters.batches.claims import NothingToClaim, Selection, create_batch
    from letters.batches.generation import generate_files
    from tests.batches.conftest import LETTER
    from tests.pdf.conftest import plumber

    address = (
        "603950, Нижегородская область, г. Нижний Новгород, ул. Тихая, д. 10, ФКУ СИЗО-1 "
        "ГУФСИН России по Нижегородской области, Петрову Ивану Сергеевичу, 1990 г. р., 12-15 лет"
    )
    with app.app_context():
        good = queue_letters(2)
        (too_long,) = queue_letters(1)
        # Queued before the queue laid envelopes out: a name no envelope can hold.
        db.session.get(QueuedLetter, too_long).sender_name = "А" * 200
        unplaced = QueuedLetter(address_text=address, text=LETTER)
        db.session.add(unplaced)
        db.session.commit()
        bad = {too_long: "does not fit", unplaced.id: "«12-15 лет»"}
        batch = create_batch(db.session, None, Selection())
        batch_id = batch.id
        files = generate_files(app, batch)
        assert {letter.id for letter, _ in files.set_aside} == set(bad)
        with plumber(files.files["envelopes.pdf"]) as doc:
            assert len(doc.pages) == 2
            assert all("Миронову Сергею" in page.extract_text() for page in doc.pages)
        db.session.expire_all()
        assert db.session.get(Batch, batch_id).status is BatchStatus.READY
        assert sorted(letter.id for letter in db.session.get(Batch, batch_id).letters) == good
        for letter_id in bad:
            letter = db.session.get(QueuedLetter, letter_id)
            assert (letter.status, letter.batch_id) == (LetterStatus.QUEUED, None)
            assert letter.held_reason and letter.text == LETTER  # held, nothing lost
        # Held letters are never claimed again until someone deals with them.
        with pytest.raises(NothingToClaim):
            create_batch(db.session, None, Selection())
        references = {i: db.session.get(QueuedLetter, i).reference for i in bad}
    client = volunteer_client(app)
    queue = client.get("/volunteer/", headers={"Accept-Language": "en"})
    assert queue.text.count('data-held="unprintable"') == 2
    batch_page = client.get(f"/volunteer/batches/{batch_id}", headers={"Accept-Language": "en"})
    assert "Set aside: not in this batch" in batch_page.text
    for letter_id, why in bad.items():
        row = next(line for line in queue.text.splitlines() if references[letter_id] in line)
        assert why in row
        assert f'data-set-aside="{references[letter_id]}"' in batch_page.text
    ru = client.get("/volunteer/", headers={"Accept-Language": "ru"})
    assert "не помещается" in ru.text  # the reason in the volunteer's language


def test_a_worker_sets_the_bad_letter_aside_in_the_transaction_storing_the_zip(app, directory):
    """The job path (``generation.generate``) as well as ``letters batch pdf``."""
    import zipfile as zipfiles

    from letters.batches import generation, storage
    from letters.batches.claims import Selection, create_batch

    with app.app_context():
        good = queue_letters(2)
        (bad,) = queue_letters(1)
        db.session.get(QueuedLetter, bad).sender_name = "А" * 200
        db.session.commit()
        batch_id = create_batch(db.session, None, Selection()).id
        assert generation.generate(app, batch_id)
        db.session.expire_all()
        batch = db.session.get(Batch, batch_id)
        assert batch.status is BatchStatus.READY
        assert sorted(letter.id for letter in batch.letters) == good
        held = db.session.get(QueuedLetter, bad)
        assert (held.status, held.batch_id) == (LetterStatus.QUEUED, None) and held.held_reason
        archive = zipfiles.ZipFile(io.BytesIO(storage.read(db.engine, batch_id)))
        assert archive.read("manifest.csv").decode().count("\n") == 3  # header and two letters


def test_batch_page_says_how_to_print(app, directory):
    """Envelopes at 100 %; the reply envelope that fits; labels: the stencil by hand."""
    with app.app_context():
        queue_letters(1, reply_kit=True, sender_address="ул. Баумана, 1\n420111 Казань")
        queue_letters(1)
    client = volunteer_client(app)
    en = {"Accept-Language": "en"}
    made = client.post("/volunteer/batches", data={"which": "all", "envelope_format": "C5",
                                                   "start_label": "1"})  # fmt: skip
    assert progress_of(client, int(made.headers["Location"].rsplit("/", 1)[1]))["ready"]
    page = client.get(made.headers["Location"], headers=en).text
    assert "Print envelopes and labels at 100 % (actual size)." in page
    assert "The reply envelope is C6: it goes flat inside the C5 envelope" in page
    assert "write the postcode into the envelope" not in page
    with app.app_context():
        queue_letters(1)
    made = client.post("/volunteer/batches", data={"which": "all", "envelope_format": "labels-3x7",
                                                   "start_label": "1"})  # fmt: skip
    assert progress_of(client, int(made.headers["Location"].rsplit("/", 1)[1]))["ready"]
    page = client.get(made.headers["Location"], headers=en).text
    assert "write the postcode into the envelope's printed stencil by hand" in page
    assert "The reply envelope" not in page
