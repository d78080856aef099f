"""A reviewer in Chromium on a 360 px phone, in both languages: takes a translation to review,
reads both texts and approves it."""

from __future__ import annotations

import pytest

from letters.extensions import db
from letters.translating.models import TranslationState
from letters.translating.queue import claim, require_review, submit
from tests.browser.conftest import LiveServer
from tests.browser.test_staff_accounts import WIDTH, WORDS, fits, log_in
from tests.conftest import PASSWORD, load_sample_directory
from tests.translating.conftest import ENGLISH, ask_for_translation, state_of, translator

pytestmark = pytest.mark.browser

RUSSIAN = ("Мы думаем о Вас каждый день и ждём Вас дома.", "Дорогой Иван!", "Анна")
PAGE = {
    "en": {"review": "Review this one", "approve": "Approve the translation",
           "done": "Thank you: the translation is approved."},
    "ru": {"review": "Проверить этот", "approve": "Одобрить перевод",
           "done": "Спасибо: перевод одобрен."},
}  # fmt: skip


@pytest.fixture
def setting(make_app):
    app = make_app()
    load_sample_directory(app)
    anna = translator(app, "anna@example.org", "en")
    translator(app, "boris@example.org", "en")
    with app.app_context():
        require_review(db.session, True)
        db.session.commit()
        (only,) = ask_for_translation(1)
        claim(db.session, anna)
        submit(db.session, only, anna, RUSSIAN)
    with LiveServer(app) as live:
        yield app, live, only


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_a_reviewer_approves_a_translation(setting, page_factory, locale):
    app, server, only = setting
    words, here = WORDS[locale], PAGE[locale]
    page = page_factory(locale=locale, viewport={"width": WIDTH, "height": 780})
    log_in(page, server, words, "boris@example.org", PASSWORD)
    page.goto(server.url + "/translate/")
    page.get_by_role("button", name=here["review"]).click()
    assert page.url == f"{server.url}/translate/{only}/review"
    assert ENGLISH in page.locator(".original").inner_text()
    assert RUSSIAN[0] in page.locator("#russian-text").inner_text()
    assert fits(page)
    page.get_by_role("button", name=here["approve"]).click()
    assert here["done"] in page.locator(".flashes").inner_text()
    assert fits(page)
    assert page.errors == [] and page.requests.foreign() == []
    with app.app_context():
        assert state_of(only).state == TranslationState.TRANSLATED
        db.session.remove()
