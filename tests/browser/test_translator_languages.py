"""A coordinator gives a translator their languages in Chromium on a 360 px phone, in both
languages of the interface."""

from __future__ import annotations

import pytest

from letters.auth.models import Role
from tests.browser.conftest import LiveServer
from tests.browser.test_staff_accounts import WIDTH, WORDS, fits, log_in
from tests.conftest import PASSWORD, create_user

pytestmark = pytest.mark.browser

LANGUAGES = {
    "en": {
        "none": "no language yet",
        "english": "English",
        "german": "German",
        "save": "Save the languages",
        "saved": "tanya@example.org translates from: English, German.",
    },
    "ru": {
        "none": "языки пока не выбраны",
        "english": "английский язык",
        "german": "немецкий язык",
        "save": "Сохранить языки",
        "saved": "Языки перевода для tanya@example.org: английский язык, немецкий язык.",
    },
}


@pytest.fixture
def server(make_app):
    app = make_app()
    create_user(app, "coordinator@example.org", Role.COORDINATOR)
    create_user(app, "tanya@example.org", Role.TRANSLATOR)
    with LiveServer(app) as live:
        yield live


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_a_coordinator_ticks_a_translators_languages(server, page_factory, locale):
    words, languages = WORDS[locale], LANGUAGES[locale]
    page = page_factory(locale=locale, viewport={"width": WIDTH, "height": 780})
    log_in(page, server, words, "coordinator@example.org", PASSWORD)
    page.goto(server.url + "/coordinate/accounts/")
    row = page.locator('tr[data-account="tanya@example.org"]')
    row.get_by_text(languages["none"]).click()  # opens the details
    row.get_by_label(languages["english"], exact=True).check()
    row.get_by_label(languages["german"], exact=True).check()
    assert fits(page)
    row.get_by_role("button", name=languages["save"]).click()
    assert languages["saved"] in page.locator(".flashes").inner_text()
    row = page.locator('tr[data-account="tanya@example.org"]')
    summary = row.locator("summary").inner_text()
    assert languages["english"] in summary and languages["german"] in summary
    assert fits(page)
    assert page.errors == [] and page.requests.foreign() == []
