"""The reply address: set by a coordinator in the browser in Cyrillic and Latin letters, else
``REPLY_ADDRESS``; the writer's reply envelope is addressed to it."""

from __future__ import annotations

import pytest

from letters.batches.models import QueuedLetter
from letters.draft import Draft
from letters.extensions import db
from letters.replies.address import current, current_block
from letters.replies.models import ReplyAddress
from letters.writing.compose import reply_job
from tests.writing.conftest import letter_form

URL = "/coordinate/replies/address"
EN = {"Accept-Language": "en"}
CYRILLIC = "АНО «Письма»\nа/я 15\n101000 Москва"


def test_only_coordinators_open_the_page(client, auth, volunteer):
    assert client.get(URL).status_code == 302  # to log in
    auth.login("volunteer@example.org")
    assert client.get(URL).status_code == 403


def test_a_coordinator_sets_it_and_the_latin_form_is_made_when_left_empty(
    app, client, auth, coordinator
):
    auth.login("coordinator@example.org")
    assert "No reply address yet" in client.get(URL, headers=EN).text
    saved = client.post(URL, data={"organisation": "Письма", "cyrillic": CYRILLIC}, headers=EN)
    assert saved.status_code == 302
    page = client.get(URL, headers=EN)
    assert 'Send replies through <span lang="ru">Письма</span>' in page.text
    assert "ANO «Pisma»\na/ia 15\n101000 Moskva" in page.text
    with app.app_context():
        address = current(db.session)
        assert address.latin == ("ANO «Pisma»", "a/ia 15", "101000 Moskva")
        block = address.envelope_block()
        assert (block.name_lines, block.postcode) == (("АНО «Письма»",), "101000")
        assert db.session.scalars(db.select(ReplyAddress)).one().updated_by_id == coordinator.id
    client.post(URL, data={"organisation": "Letters", "cyrillic": CYRILLIC,
                           "latin": "ANO Letters\nPO Box 15\n101000 Moscow"})  # fmt: skip
    with app.app_context():
        assert db.session.query(ReplyAddress).count() == 1  # changed, not added
        assert current(db.session).organisation == "Letters"
    client.post(URL + "/remove")
    with app.app_context():
        assert current(db.session) is None


@pytest.mark.parametrize(
    ("data", "message", "russian"),
    [
        ({"cyrillic": "АНО «Письма»"}, "Write the recipient on the first line",
         "Получателя напишите"),
        ({"cyrillic": "АНО «Письма»\nа/я 15\nМосква"}, "Add the six-digit postcode",
         "шестизначный индекс"),
        ({"cyrillic": CYRILLIC, "latin": "ANO Pisma\nа/я 15\n101000 Moskva"},
         "in Latin letters only", "только латинскими"),
        ({"cyrillic": "АНО «Письма» ☺\nа/я 15\n101000 Москва"}, "☺", "☺"),
        ({"cyrillic": CYRILLIC, "organisation": ""}, "Name the organisation",
         "Назовите организацию"),
    ],
)  # fmt: skip
def test_a_wrong_address_is_refused_with_its_reason_and_nothing_saved(
    app, client, auth, coordinator, data, message, russian
):
    auth.login("coordinator@example.org")
    form = {"organisation": "Письма", **data}
    page = client.post(URL, data=form, headers=EN)
    assert page.status_code == 422
    assert message in page.text
    assert data["cyrillic"] in page.text  # what was typed stays in the form
    assert russian in client.post(URL, data=form, headers={"Accept-Language": "ru"}).text
    with app.app_context():
        assert db.session.query(ReplyAddress).count() == 0


def test_without_one_set_here_the_configured_reply_address_applies(make_app):
    app = make_app(REPLY_ADDRESS=["Письма", "а/я 15", "101000 Москва"])
    with app.app_context():
        address = current(db.session)
        assert address.organisation == "Письма"
        assert address.envelope_block().postcode == "101000"
        assert address.latin == ("Pisma", "a/ia 15", "101000 Moskva")
        db.session.add(ReplyAddress(organisation="Другая", cyrillic=CYRILLIC, latin="A\nB"))
        db.session.commit()
        assert current(db.session).organisation == "Другая"  # the browser's wins


def test_the_reply_envelope_of_a_queued_letter_goes_to_the_address_set_here(
    app, client, auth, coordinator, sample_directory
):
    pid = sample_directory["Миронов"]
    refused = client.post(
        f"/prisoners/{pid}/write", data=letter_form(action="prepare", reply_kit="y")
    )
    assert refused.status_code == 422  # no address of the writer's, none of an organisation
    auth.login("coordinator@example.org")
    client.post(URL, data={"organisation": "Письма", "cyrillic": CYRILLIC})
    auth.logout()
    chosen = letter_form(reply_kit="y", replies="organisation")
    page = client.post(f"/prisoners/{pid}/write", data={**chosen, "action": "queue"})
    assert page.status_code == 302
    with app.app_context():
        letter = db.session.query(QueuedLetter).one()
        job = reply_job(letter.prisoner, Draft.from_queued(letter), current_block(db.session))
    assert job.recipient.name_lines == ("АНО «Письма»", f"Код ответа {letter.reply_code}")
    assert job.recipient.postcode == "101000"
    assert job.sender.name_lines == ("Миронов Сергей Геннадьевич, 1981 г. р.",)
