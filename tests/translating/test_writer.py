"""The writer's side: a letter the check turns away for its language is offered to a volunteer
translator when one reads it; the letter's page tells where it is, shows the Russian beside the
original once translated, and lets the writer withdraw it while it waits; volunteers print the
Russian only, and never a letter the writer asked back."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from letters.batches.claims import NothingToClaim, Selection, create_batch
from letters.batches.models import QueuedLetter
from letters.extensions import db
from letters.translating.models import AfterTranslation, Translation, TranslationState
from letters.translating.queue import claim, submit
from tests.conftest import AuthActions
from tests.security.leftovers import in_database_files, in_tables
from tests.translating.conftest import translator
from tests.writing.conftest import letter_form

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}
ENGLISH = (
    "Dear Ivan, we think of you every day. Your friends in Lyon wrote this letter together "
    "and we hope it finds you well."
)
GERMAN = "Lieber Ivan, wir denken jeden Tag an dich und hoffen, dass es dir gut geht."
RUSSIAN = ("Мы думаем о Вас каждый день и надеемся, что у Вас всё хорошо.", "Дорогой Иван!", "Анна")


@pytest.fixture
def write_url(app, sample_directory):
    return f"/prisoners/{sample_directory['Миронов']}/write"


def ask(client, write_url, after="post", text=ENGLISH, headers=EN):
    data = letter_form(text=text, signature="Anna", action="translate", after=after)
    return client.post(write_url, data=data, headers=headers)


def offered(html: str) -> bool:
    """Whether the page shows the translators' offer (it may be there hidden, for the live
    check to show)."""
    found = re.search(r'<fieldset[^>]*id="translation-offer"[^>]*>', html)
    return found is not None and " hidden" not in found.group(0)


def the_translation() -> Translation:
    return db.session.scalars(select(Translation)).one()


def test_the_offer_appears_only_when_a_translator_reads_the_language(app, client, write_url):
    refused = client.post(write_url, data=letter_form(text=ENGLISH, action="queue"), headers=EN)
    assert refused.status_code == 422 and not offered(refused.text)
    translator(app, "anna@example.org", "en")
    refused = client.post(write_url, data=letter_form(text=ENGLISH, action="queue"), headers=EN)
    assert refused.status_code == 422 and offered(refused.text)
    assert "Ask a volunteer to translate it into Russian" in refused.text
    assert "The letter is in English" in refused.text
    german = client.post(write_url, data=letter_form(text=GERMAN, action="check"), headers=EN)
    assert not offered(german.text)
    assert "data-languages='[\"en\"]'" in german.text  # for the live check
    # Asking anyway, without the offer, queues nothing.
    assert ask(client, write_url, text=GERMAN).status_code == 422
    with app.app_context():
        assert db.session.scalars(select(QueuedLetter)).all() == []


def test_a_russian_letter_is_never_offered_translation(app, client, write_url):
    translator(app, "anna@example.org", "en")
    page = client.post(write_url, data=letter_form(action="check"), headers=EN)
    assert page.status_code == 200 and not offered(page.text)
    assert ask(client, write_url, text=letter_form()["text"]).status_code == 200
    with app.app_context():
        assert db.session.scalars(select(Translation)).all() == []


def test_a_letter_waits_is_translated_and_is_printed_in_russian(app, client, write_url):
    anna = translator(app, "anna@example.org", "en")
    asked = ask(client, write_url)
    assert asked.status_code == 302
    status_url = asked.headers["Location"]
    page = client.get(status_url, headers=EN).text
    assert "Waiting for a translator" in page and "Withdraw the letter" in page
    with app.app_context():
        translation = the_translation()
        assert translation.state == TranslationState.WAITING
        assert translation.after == AfterTranslation.POST
        assert translation.original_text == ENGLISH and translation.language == "en"
        with pytest.raises(NothingToClaim):  # volunteers never print the original
            create_batch(db.session, None, Selection())
        claim(db.session, anna)
    page = client.get(status_url, headers=EN).text
    assert "Being translated" in page and "Withdraw the letter" not in page
    with app.app_context():
        submit(db.session, the_translation().id, anna, RUSSIAN)
    page = client.get(status_url, headers=EN).text
    assert "Translated on" in page
    assert ENGLISH in page and RUSSIAN[0] in page and "Дорогой Иван!" in page
    with app.app_context():
        batch = create_batch(db.session, None, Selection())
        (letter,) = batch.letters
        assert (letter.text, letter.greeting, letter.signature) == (RUSSIAN[0], *RUSSIAN[1:])


def test_a_letter_the_writer_asked_back_is_never_printed_by_volunteers(app, client, write_url):
    anna = translator(app, "anna@example.org", "en")
    status_url = ask(client, write_url, after="writer").headers["Location"]
    with app.app_context():
        claim(db.session, anna)
        submit(db.session, the_translation().id, anna, RUSSIAN)
        with pytest.raises(NothingToClaim):
            create_batch(db.session, None, Selection())
    page = client.get(status_url, headers=EN).text
    assert "print it yourself or send it through a service" in page
    assert "Open the Russian letter to print or send" in page
    # The button opens the letter page with the Russian, checked.
    opened = client.post(
        write_url,
        data={"text": RUSSIAN[0], "greeting": RUSSIAN[1], "signature": RUSSIAN[2]}
        | {"action": "check", "envelope_format": "C6", "paper": "A4"},
        headers=EN,
    )
    assert opened.status_code == 200 and RUSSIAN[0] in opened.text


def test_the_writer_withdraws_a_letter_while_it_waits(app, client, write_url):
    translator(app, "anna@example.org", "en")
    reference = ask(client, write_url).headers["Location"].rsplit("/", 1)[1]
    gone = client.post(f"/letters/{reference}/withdraw", headers=EN)
    assert gone.status_code == 302
    assert "Your letter is withdrawn" in client.get(gone.headers["Location"], headers=EN).text
    with app.app_context():
        assert db.session.scalars(select(QueuedLetter)).all() == []
        assert db.session.scalars(select(Translation)).all() == []
    assert client.get(f"/letters/{reference}").status_code == 404


def test_a_withdrawn_letter_leaves_no_bytes_in_the_database_files(app, client, write_url):
    translator(app, "anna@example.org", "en")
    marked = ENGLISH.replace("Lyon", "Quillebeuf")  # a word nothing else in the database holds
    reference = ask(client, write_url, text=marked).headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        assert in_tables(db.engine, ["Quillebeuf"])  # the original waits in the tables
    assert client.post(f"/letters/{reference}/withdraw", headers=EN).status_code == 302
    with app.app_context():
        assert in_tables(db.engine, ["Quillebeuf"]) == {}
        leftovers = in_database_files(db.engine, ["Quillebeuf"])
        assert leftovers in ({}, None), leftovers  # None: a server whose files we cannot read


def test_a_claim_left_alone_shows_the_writer_a_waiting_letter(app, client, write_url):
    anna = translator(app, "anna@example.org", "en")
    reference = ask(client, write_url).headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        claim(db.session, anna)
        the_translation().lease_expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    page = client.get(f"/letters/{reference}", headers=EN).text
    assert "Waiting for a translator" in page and "Being translated" not in page
    with app.app_context():
        assert the_translation().state == TranslationState.WAITING


def test_a_letter_a_translator_took_cannot_be_withdrawn(app, client, write_url):
    anna = translator(app, "anna@example.org", "en")
    reference = ask(client, write_url).headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        claim(db.session, anna)
    kept = client.post(f"/letters/{reference}/withdraw", headers=EN)
    page = client.get(kept.headers["Location"], headers=EN).text
    assert "it can no longer be withdrawn" in page
    with app.app_context():
        assert the_translation().state == TranslationState.CLAIMED


def test_an_inactive_translator_makes_no_offer(app, client, write_url, coordinator):
    anna = translator(app, "anna@example.org", "en")
    desk = app.test_client()
    AuthActions(desk).login(coordinator.email)
    desk.post(f"/coordinate/accounts/{anna.id}/deactivate")
    refused = client.post(write_url, data=letter_form(text=ENGLISH, action="queue"), headers=EN)
    assert "translation-offer" not in refused.text  # none for the live check either


def test_the_writers_side_answers_in_russian(app, client, write_url):
    translator(app, "anna@example.org", "en")
    refused = client.post(write_url, data=letter_form(text=ENGLISH, action="queue"), headers=RU)
    assert "Попросить волонтёра перевести его на русский" in refused.text
    page = client.get(ask(client, write_url, headers=RU).headers["Location"], headers=RU).text
    assert "Ждёт переводчика" in page and "Отозвать письмо" in page
