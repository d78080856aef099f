"""The translators' pages: the queue of their languages, taking a letter, and the translation
page with the original beside the Russian; only a text that passes the check is taken, and a
claim that ran out loses nothing typed."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from letters.auth.models import Role
from letters.batches.models import QueuedLetter
from letters.database import utcnow
from letters.extensions import db
from letters.translating.models import Translation, TranslationState
from tests.conftest import AuthActions, create_user
from tests.translating.conftest import ENGLISH, ask_for_translation, state_of, translator

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}
RUSSIAN = "Мы думаем о Вас каждый день и ждём Вас дома."
WRITER = {"sender_name": "Anna Martin", "sender_address": "12 rue Mercière\n69002 Lyon\nFrance"}


@pytest.fixture
def anna(app, waiting_room):
    return translator(app, "anna@example.org", "en")


@pytest.fixture
def desk(app, anna):
    client = app.test_client()
    AuthActions(client).login(anna.email)
    return client


def translation_data(text=RUSSIAN, greeting="Дорогой Иван!", signature="Анна", action="send"):
    return {"text": text, "greeting": greeting, "signature": signature, "action": action}


def take_oldest(desk, language="en"):
    return desk.post("/translate/claim", data={"language": language})


def test_taking_the_oldest_takes_it_in_the_language_chosen(app, waiting_room):
    both = translator(app, "vera@example.org", "en", "de")
    client = app.test_client()
    AuthActions(client).login(both.email)
    with app.app_context():
        ask_for_translation(1, "en")
        (german,) = ask_for_translation(1, "de")
    assert take_oldest(client, "de").headers["Location"] == f"/translate/{german}"
    assert client.post("/translate/claim", data={"translation_id": "x1"}).status_code == 400


def test_the_queue_lists_the_translators_languages_only(app, desk):
    with app.app_context():
        ask_for_translation(2, "en")
        ask_for_translation(1, "de")
    page = desk.get("/translate/", headers=EN).text
    assert "2 letters wait." in page and 'id="queue-en"' in page
    assert 'id="queue-de"' not in page
    assert "Letters to translate" in page  # in the menu, too


def test_a_translator_takes_a_letter_and_sends_its_russian(app, desk, anna):
    with app.app_context():
        (only,) = ask_for_translation(1, **WRITER)
        letter = db.session.get(Translation, only).letter
        reference = letter.reference
    taken = take_oldest(desk)
    assert taken.headers["Location"] == f"/translate/{only}"
    page = desk.get(taken.headers["Location"], headers=EN)
    assert page.status_code == 200
    assert ENGLISH in page.text and "Dear Ivan," in page.text and "Anna from Lyon" in page.text
    assert 'id="translation-form"' in page.text and "js/write.js" in page.text
    # Translators never see who wrote it or the reference code.
    for private in (reference, "Anna Martin", "Mercière", "Lyon\n"):
        assert private not in page.text
    assert reference not in desk.get("/translate/", headers=EN).text
    sent = desk.post(taken.headers["Location"], data=translation_data(), headers=EN)
    assert sent.status_code == 302 and sent.headers["Location"] == "/translate/"
    with app.app_context():
        done = state_of(only)
        assert done.state == TranslationState.TRANSLATED
        assert (done.text, done.greeting, done.signature) == (RUSSIAN, "Дорогой Иван!", "Анна")
        assert done.translated_by_id == anna.id and done.translated_at is not None
        assert done.original_text == ENGLISH
        letter = db.session.get(QueuedLetter, done.letter_id)
        assert (letter.text, letter.greeting, letter.signature) == (
            RUSSIAN,
            "Дорогой Иван!",
            "Анна",
        )
    # Done: the page is no longer the translator's to open.
    assert desk.get(taken.headers["Location"]).status_code == 404


@pytest.mark.parametrize(
    "field, value",
    [
        ("text", ENGLISH),
        ("greeting", "Dear Ivan, my friend,"),
        ("signature", "With all my love and hope, Anna"),
    ],
)
def test_a_translation_the_check_rejects_is_not_taken(app, desk, field, value):
    with app.app_context():
        (only,) = ask_for_translation(1)
    take_oldest(desk)
    data = translation_data(**{field: value})
    refused = desk.post(f"/translate/{only}", data=data, headers=EN)
    assert refused.status_code == 422
    assert "This would not pass the prison censor." in refused.text
    assert html.escape(value, quote=False) in html.unescape(refused.text) or value in refused.text
    with app.app_context():
        assert state_of(only).state == TranslationState.CLAIMED
        assert state_of(only).text is None


def test_a_claim_that_ran_out_keeps_what_was_typed(app, desk):
    with app.app_context():
        (only,) = ask_for_translation(1)
    take_oldest(desk)
    with app.app_context():
        db.session.execute(
            update(Translation).values(lease_expires_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
    late = desk.post(f"/translate/{only}", data=translation_data(), headers=EN)
    assert late.status_code == 409
    assert "This letter is no longer yours" in late.text
    assert "Your translation was not sent." in late.text
    assert RUSSIAN in late.text and "Дорогой Иван!" in late.text
    with app.app_context():
        assert state_of(only).text is None
        assert db.session.get(QueuedLetter, state_of(only).letter_id).text == ENGLISH


def test_another_translators_letter_is_closed(app, desk):
    with app.app_context():
        (only,) = ask_for_translation(1)
    take_oldest(desk)
    boris = translator(app, "boris@example.org", "en")
    other = app.test_client()
    AuthActions(other).login(boris.email)
    assert other.get(f"/translate/{only}").status_code == 404
    late = other.post(f"/translate/{only}", data=translation_data(), headers=EN)
    assert late.status_code == 409 and RUSSIAN in late.text
    refused = other.post("/translate/claim", data={"translation_id": str(only)}, headers=EN)
    assert (
        "Another translator has just taken that letter"
        in other.get(refused.headers["Location"], headers=EN).text
    )
    with app.app_context():
        assert state_of(only).text is None


def test_volunteers_and_visitors_cannot_translate(app, waiting_room, volunteer):
    with app.app_context():
        (only,) = ask_for_translation(1)
    assert app.test_client().get("/translate/").status_code == 302
    client = app.test_client()
    AuthActions(client).login(volunteer.email)
    assert client.get("/translate/").status_code == 403
    assert client.post("/translate/claim", data={"language": "en"}).status_code == 403
    assert client.get(f"/translate/{only}").status_code == 403


def test_a_translator_without_languages_is_told_why_the_queue_is_empty(app, waiting_room):
    create_user(app, "nina@example.org", Role.TRANSLATOR)
    client = app.test_client()
    AuthActions(client).login("nina@example.org")
    page = client.get("/translate/", headers=EN).text
    assert "You have no languages to translate from yet" in page


def test_the_translation_pages_answer_in_russian(app, desk):
    with app.app_context():
        (only,) = ask_for_translation(1)
    queue = desk.get("/translate/", headers=RU).text
    assert "Письма для перевода" in queue and "английский язык" in queue
    take_oldest(desk)
    page = desk.get(f"/translate/{only}", headers=RU).text
    assert "Перевод письма: английский язык" in page
    refused = desk.post(f"/translate/{only}", data=translation_data(text=ENGLISH), headers=RU)
    assert "Это не пройдёт тюремную цензуру." in refused.text
    assert re.search(r"<html lang=\"ru\"", refused.text)


def test_the_queue_lists_the_letters_the_translator_holds(app, desk):
    with app.app_context():
        (only,) = ask_for_translation(1)
    take_oldest(desk)
    page = desk.get("/translate/", headers=EN).text
    assert "Your letters" in page and f'href="/translate/{only}"' in page
    assert "A letter from English" in page


def test_a_coordinator_finds_the_translations_under_coordination(app, waiting_room, coordinator):
    client = app.test_client()
    AuthActions(client).login(coordinator.email)
    page = client.get("/coordinate/", headers=EN).text
    assert 'href="/translate/"' in page
    assert client.get("/translate/", headers=EN).status_code == 200
