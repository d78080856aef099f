"""What the writer is told, in Chromium on a 360 px phone, in Russian and English: the live
counter's plural forms, «та, кому мало пишут» for a woman, the greeting example with the
recipient's own name, and the stamps to buy for a letter printed at home."""

from __future__ import annotations

import pytest

from letters.directory.models import Prisoner
from letters.extensions import db
from tests.browser.conftest import LiveServer
from tests.browser.test_writer_experience import LABEL, PHONE, no_horizontal_scroll, write_url
from tests.conftest import load_sample_directory

pytestmark = pytest.mark.browser

TEXT = "Здравствуйте, Сергей! Пишу Вам из Казани. У нас выпал первый снег, и я вспомнила о Вас."
SAID = {
    "ru": {
        "count": "символа",
        "print": "Распечатаю сам(а)",
        "stamps": "Марки на это письмо:",
        "rouble": "\xa0₽",
        "few_letters": "Та, кому мало пишут",
    },
    "en": {
        "count": "characters",
        "print": "Print it myself",
        "stamps": "Stamps for this letter:",
        "rouble": " Russian rubles",
        "few_letters": "Someone who gets few letters",
    },
}


def _text(length: int) -> str:
    return (TEXT * 3)[:length]


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_the_writer_is_told_in_their_language_on_a_phone(make_app, page_factory, locale):
    app = make_app()
    load_sample_directory(app)
    with app.app_context():
        db.session.get(Prisoner, 1).first_name = "Сергей"
        for prisoner in db.session.query(Prisoner):
            prisoner.gender = "f"  # whoever is suggested is a woman
        db.session.commit()
    with LiveServer(app) as server:
        _write_and_print(server, page_factory, locale)


def _write_and_print(server, page_factory, locale: str) -> None:
    page = page_factory(locale=locale, viewport=PHONE, is_mobile=True)
    page.goto(server.url + "/")
    assert page.locator("#suggestion-title").inner_text() == SAID[locale]["few_letters"]
    assert no_horizontal_scroll(page)
    page.goto(write_url(server))
    assert page.locator("input[name=greeting]").get_attribute("placeholder") == (
        "Здравствуйте, Сергей!"
    )
    page.get_by_label(LABEL[locale]).fill(_text(84))  # the counter counts as a service does
    counter = page.locator("#text-counter")
    page.wait_for_function("document.getElementById('text-counter').textContent.startsWith('84')")
    assert counter.inner_text().split(" · ")[0] == f"84 {SAID[locale]['count']}"
    assert no_horizontal_scroll(page)
    page.wait_for_selector("#check-verdict.verdict-ok, #check-verdict.verdict-warn")
    page.get_by_role("button", name=SAID[locale]["print"]).click()
    postage = page.locator("#postage").inner_text()
    assert postage.startswith(SAID[locale]["stamps"]) and SAID[locale]["rouble"] in postage
    assert page.locator("#where-to-buy").is_visible()
    assert no_horizontal_scroll(page)
