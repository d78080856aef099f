"""The writer's choice "Send replies through <organisation>": no address of the writer's, an
optional e-mail for the notice, and a reply code on the queued letter — on the writer's page
and the evening's alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from letters.batches.claims import Selection, create_batch
from letters.batches.generation import generate_files
from letters.batches.lifecycle import mark_posted, mark_printed
from letters.batches.models import (
    REFERENCE_ALPHABET,
    QueuedLetter,
    new_reply_code,
)
from letters.batches.queue import find_by_reference, find_by_reply_code
from letters.batches.retention import purge
from letters.draft import Draft
from letters.evenings.models import Evening
from letters.extensions import db
from tests.replies.conftest import CODE
from tests.writing.conftest import letter_form

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


def _queued(app) -> QueuedLetter:
    with app.app_context():
        letter = db.session.query(QueuedLetter).one()
        db.session.expunge(letter)
        return letter


def test_the_choice_is_offered_only_with_a_reply_address(app, client, sample_directory):
    url = f"/prisoners/{sample_directory['Миронов']}/write"
    assert "Send replies through" not in client.get(url, headers=EN).text
    chosen = letter_form(action="queue", replies="organisation")
    assert client.post(url, data=chosen, headers=EN).status_code == 422
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0


def test_a_letter_with_replies_through_the_organisation_gets_a_reply_code(
    app, client, sample_directory, reply_address
):
    url = f"/prisoners/{sample_directory['Миронов']}/write"
    assert "Send replies through Письма" in client.get(url, headers=EN).text
    assert "Ответы — через Письма" in client.get(url, headers=RU).text
    queued = client.post(
        url,
        data=letter_form(
            action="queue", replies="organisation", sender_name="Анна",
            notify_email="anna@example.org",
        ),
    )  # fmt: skip
    assert queued.status_code == 302
    letter = _queued(app)
    assert CODE.match(letter.reply_code)
    assert letter.reply_code.replace("-", "") != letter.reference.replace("-", "")
    assert (letter.replies, letter.notify_email) == ("organisation", "anna@example.org")
    assert letter.sender_address is None and letter.sender_postcode is None
    draft = Draft.from_queued(letter)
    assert (draft.replies, draft.reply_code) == ("organisation", letter.reply_code)
    typed = f" {letter.reply_code.lower().replace('-', ' ')} "
    with app.app_context():
        assert find_by_reply_code(db.session, typed).id == letter.id
        assert find_by_reference(db.session, letter.reply_code) is None
        assert find_by_reply_code(db.session, letter.reference) is None


def test_an_own_address_letter_has_no_reply_code(app, client, sample_directory, reply_address):
    url = f"/prisoners/{sample_directory['Миронов']}/write"
    client.post(url, data=letter_form(action="queue", sender_address="ул. Баумана, 1\nКазань"))
    letter = _queued(app)
    assert (letter.replies, letter.reply_code, letter.notify_email) == ("own", None, None)


@pytest.mark.parametrize(
    ("data", "message", "russian"),
    [
        ({"replies": "organisation", "sender_address": "ул. Баумана, 1\n420111 Казань"},
         "your own address is not printed", "ваш собственный адрес не печатается"),
        ({"notify_email": "anna@example.org"}, "A notice is sent only for replies through",
         "Уведомление отправляется"),
        ({"replies": "organisation", "notify_email": "anna at home"},
         "This is not an e-mail address", "Это не адрес электронной почты"),
    ],
)  # fmt: skip
def test_a_contradictory_choice_is_refused_and_the_letter_kept(
    app, client, sample_directory, reply_address, data, message, russian
):
    url = f"/prisoners/{sample_directory['Миронов']}/write"
    page = client.post(url, data=letter_form(action="queue", **data), headers=EN)
    assert page.status_code == 422
    assert message in page.text
    assert "У нас выпал первый снег" in page.text
    assert russian in client.post(url, data=letter_form(action="queue", **data), headers=RU).text
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0


def test_the_evenings_page_offers_the_same_choice(
    app, auth, volunteer, client, sample_directory, reply_address
):
    auth.login(volunteer.email)
    created = client.post(
        "/evenings/new", data={"name": "Вечер", "held_on": "2026-12-10", "size": "50"}
    )
    evening_id = int(created.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        code = db.session.get(Evening, evening_id).code
    participant = app.test_client()
    url = f"/e/{code}/write/{sample_directory['Миронов']}"
    assert "Send replies through Письма" in participant.get(url, headers=EN).text
    refused = participant.post(
        url, data=letter_form(action="queue", replies="organisation", sender_address="Казань")
    )
    assert refused.status_code == 422
    participant.post(url, data=letter_form(action="queue", replies="organisation"))
    assert CODE.match(_queued(app).reply_code)


def test_reply_codes_use_only_unambiguous_characters_and_do_not_repeat():
    codes = {new_reply_code() for _ in range(2000)}
    assert len(codes) == 2000
    used = set("".join(codes).replace("-", ""))
    assert used <= set(REFERENCE_ALPHABET) and not used & set("01OIL")
    assert all(CODE.match(code) for code in codes)


def test_the_code_outlives_the_purge_and_the_email_goes_after_the_reply_wait(
    app, sample_directory, reply_address
):
    from letters.batches.queue import enqueue
    from letters.directory.models import Prisoner

    with app.app_context():
        mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        draft = Draft(text="Здравствуйте!", replies="organisation", notify_email="a@example.org")
        letter_id = enqueue(db.session, mironov, draft).id
        batch = create_batch(db.session, None, Selection())
        generate_files(app, batch)
        mark_printed(db.session, batch, None)
        mark_posted(db.session, batch, None, on=date.today() - timedelta(days=40))
        letter = db.session.get(QueuedLetter, letter_id)
        assert (letter.held_reason, letter.status.value) == (None, "posted")
        assert purge(db.session, 30, reply_wait_days=180) == 1
        letter = db.session.get(QueuedLetter, letter_id)
        db.session.refresh(letter)
        assert letter.text is None
        assert (letter.notify_email, CODE.match(letter.reply_code) is not None) == (
            "a@example.org", True,
        )  # fmt: skip
        purge(db.session, 30, today=date.today() + timedelta(days=141), reply_wait_days=180)
        db.session.refresh(letter)
        assert letter.notify_email is None and CODE.match(letter.reply_code)
