"""The start page in a real browser, in both languages, with nothing loaded from elsewhere."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("locale", "heading", "other_language", "other_heading"),
    [
        (
            "ru",
            "Напишите письмо политзаключённому",
            "English",
            "Write a letter to a political prisoner",
        ),
        (
            "en",
            "Write a letter to a political prisoner",
            "Русский",
            "Напишите письмо политзаключённому",
        ),
    ],
)
def test_home_page_in_both_languages_stays_on_this_machine(
    live_server, page_factory, locale, heading, other_language, other_heading
):
    page = page_factory(locale=locale)
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.locator("html").get_attribute("lang") == locale
    # The language picker is a plain form: it works without JavaScript and is remembered.
    page.get_by_role("button", name=other_language).click()
    assert page.get_by_role("heading", level=1).inner_text() == other_heading
    page.goto(live_server.url + "/about")
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == other_heading
    assert page.requests.urls, "the request log recorded nothing"
    assert page.requests.foreign() == []


def test_keyboard_reaches_the_content_first(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_phone_width_has_no_horizontal_scroll(live_server, page_factory):
    page = page_factory(locale="ru", viewport={"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-360px.png"), full_page=True)
