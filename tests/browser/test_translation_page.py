"""A translator in Chromium on a 360 px phone, in both languages: takes the oldest letter,
sees the live check turn down English and pass Russian, and sends the translation."""

from __future__ import annotations

import pytest

from letters.extensions import db
from letters.translating.models import TranslationState
from tests.browser.conftest import LiveServer
from tests.browser.test_staff_accounts import WIDTH, WORDS, fits, log_in
from tests.conftest import PASSWORD, load_sample_directory
from tests.translating.conftest import ENGLISH, ask_for_translation, state_of, translator

pytestmark = pytest.mark.browser

PAGE = {
    "en": {
        "take": "Take the oldest letter",
        "text": "The letter, in Russian",
        "greeting": "Greeting, in Russian (optional)",
        "signature": "Signature, in Russian (optional)",
        "reject": "This letter would not pass the prison censor.",
        "ok": "All good",
        "send": "Send the translation",
        "thanks": "Thank you: the letter is in Russian now.",
    },
    "ru": {
        "take": "Взять самое старое письмо",
        "text": "Письмо по-русски",
        "greeting": "Обращение по-русски (необязательно)",
        "signature": "Подпись по-русски (необязательно)",
        "reject": "Такое письмо цензор не пропустит.",
        "ok": "Всё хорошо",
        "send": "Отправить перевод",
        "thanks": "Спасибо: теперь письмо на русском языке.",
    },
}


@pytest.fixture
def setting(make_app):
    app = make_app()
    load_sample_directory(app)
    translator(app, "anna@example.org", "en")
    with app.app_context():
        (only,) = ask_for_translation(1)
    with LiveServer(app) as live:
        yield app, live, only


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_a_translator_translates_with_the_live_check(setting, page_factory, locale):
    app, server, only = setting
    words, here = WORDS[locale], PAGE[locale]
    page = page_factory(locale=locale, viewport={"width": WIDTH, "height": 780})
    log_in(page, server, words, "anna@example.org", PASSWORD)
    page.goto(server.url + "/translate/")
    assert fits(page)
    page.get_by_role("button", name=here["take"]).click()
    assert page.url == f"{server.url}/translate/{only}"
    assert ENGLISH in page.locator(".original").inner_text()
    page.get_by_label(here["text"]).fill("We think of you every day and wait for you at home.")
    page.locator("#check-verdict").get_by_text(here["reject"]).wait_for()
    page.get_by_label(here["greeting"]).fill("Дорогой Иван!")
    page.get_by_label(here["text"]).fill("Мы думаем о Вас каждый день и ждём Вас дома.")
    page.locator("#check-verdict").get_by_text(here["ok"]).wait_for()
    page.get_by_label(here["signature"]).fill("Анна")
    assert fits(page)
    page.get_by_role("button", name=here["send"]).click()
    assert here["thanks"] in page.locator(".flashes").inner_text()
    assert page.errors == [] and page.requests.foreign() == []
    with app.app_context():
        assert state_of(only).state == TranslationState.TRANSLATED
        db.session.remove()
