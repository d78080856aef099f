"""A writer in English in Chromium on a 360 px phone, in both languages: the check turns the
letter away, the page offers a volunteer translator, and the letter's page says it waits."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveServer
from tests.conftest import load_sample_directory
from tests.translating.conftest import translator
from tests.translating.test_writer import ENGLISH, GERMAN

pytestmark = pytest.mark.browser

WIDTH = 360
WORDS = {
    "en": {
        "text": "Your letter, in Russian",
        "send": "Ask volunteers to print and post it",
        "offer": "Ask a volunteer to translate it into Russian",
        "back": "Then it comes back to me, to print or send through a service",
        "waiting": "Waiting for a translator",
        "named": "The letter is in English,",
    },
    "ru": {
        "text": "Ваше письмо на русском",
        "send": "Попросить волонтёров распечатать и отправить",
        "offer": "Попросить волонтёра перевести его на русский",
        "back": "Потом перевод вернётся ко мне: я напечатаю его или отправлю через сервис",
        "waiting": "Ждёт переводчика",
        "named": "английский язык",
    },
}


@pytest.fixture
def server(make_app):
    app = make_app()
    ids = load_sample_directory(app)
    translator(app, "anna@example.org", "en")
    with LiveServer(app) as live:
        yield live, ids["Миронов"]


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_a_writer_in_english_asks_for_a_translation(server, page_factory, locale):
    live, prisoner = server
    words = WORDS[locale]
    page = page_factory(locale=locale, viewport={"width": WIDTH, "height": 780})
    page.goto(f"{live.url}/prisoners/{prisoner}/write")
    page.get_by_label(words["text"]).fill(ENGLISH)
    page.get_by_role("button", name=words["send"]).click()
    offer = page.locator("#translation-offer")
    offer.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    offer.get_by_label(words["back"]).check()
    offer.get_by_role("button", name=words["offer"]).click()
    assert "/letters/" in page.url
    assert words["waiting"] in page.locator("#translation-state").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert [e for e in page.errors if "status of 422" not in e] == []
    assert page.requests.foreign() == []


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_the_offer_appears_while_typing_only_for_a_language_a_volunteer_translates(
    server, page_factory, locale
):
    live, prisoner = server
    words = WORDS[locale]
    page = page_factory(locale=locale, viewport={"width": WIDTH, "height": 780})
    page.goto(f"{live.url}/prisoners/{prisoner}/write")
    offer = page.locator("#translation-offer")
    assert offer.is_hidden()
    letter = page.get_by_label(words["text"])
    letter.fill(ENGLISH)  # no button pressed: the live check names the language
    page.wait_for_selector("#translation-offer:not([hidden])")
    assert words["named"] in offer.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    letter.fill(GERMAN)  # no translator reads German here: turned away, nothing offered
    page.wait_for_selector("#translation-offer[hidden]", state="attached")
    assert page.locator("#check-verdict").get_attribute("class") == "verdict verdict-reject"
    letter.fill(ENGLISH)
    page.wait_for_selector("#translation-offer:not([hidden])")
    offer.get_by_role("button", name=words["offer"]).click()
    assert words["waiting"] in page.locator("#translation-state").inner_text()
    assert page.errors == [] and page.requests.foreign() == []
