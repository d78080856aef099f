"""A letter-writing evening in Chromium: create it, write from the link on a phone, print."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader

from letters.auth.models import Role
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.extensions import db
from tests.browser.conftest import ARTIFACTS, LiveServer
from tests.conftest import PASSWORD, create_user

pytestmark = pytest.mark.browser

LETTERS = (
    "Здравствуйте, Сергей! Пишу Вам с вечера писем в Москве. Нас здесь много, и все Вас помнят.",
    "Добрый день! Меня зовут Аня, я учусь в университете. Желаю Вам сил и терпения.",
)


@pytest.fixture
def server(make_app):
    """CSRF on, as in production; the sample directory and an organiser's account."""
    app = make_app()
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
    create_user(app, "organiser@example.org", Role.VOLUNTEER)
    with LiveServer(app) as live:
        yield live


def test_an_evening_from_the_organisers_screen_to_the_printed_batch(server, page_factory):
    organiser = page_factory(locale="en")
    organiser.goto(server.url + "/login")
    organiser.fill("input[name=email]", "organiser@example.org")
    organiser.fill("input[name=password]", PASSWORD)
    organiser.locator("form button[type=submit], form input[type=submit]").last.click()

    organiser.goto(server.url + "/evenings/new")
    organiser.get_by_label("Name of the evening").fill("Вечер писем в Москве")
    organiser.get_by_label("Date").fill("2026-12-10")
    organiser.get_by_label("Region").select_option("Волгоградская область")
    organiser.get_by_role("button", name="Create the evening").click()
    link = organiser.locator("#evening-link").inner_text()
    assert "/e/" in link
    assert organiser.locator("#evening-qr svg").is_visible()

    phone = page_factory(locale="ru", viewport={"width": 360, "height": 740}, is_mobile=True)
    for text in LETTERS:
        phone.goto(link)
        phone.get_by_role("link", name="Миронов Сергей Геннадьевич").click()
        phone.locator("textarea[name=text]").fill(text)
        phone.wait_for_selector("#check-verdict.verdict-ok, #check-verdict.verdict-warn")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        phone.get_by_role("button", name="Добавить к письмам вечера").click()
        assert "Спасибо!" in phone.locator("main").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "evening-phone.png"), full_page=True)
    assert phone.requests.foreign() == []

    organiser.reload()
    assert organiser.locator("#evening-total").inner_text() == (
        "2 letters to 1 person; 2 waiting to be printed."
    )
    organiser.get_by_role("button", name="Print the evening's letters").click()
    organiser.wait_for_selector("#download-form:not([hidden])", timeout=60_000)
    with organiser.expect_download() as download:
        organiser.get_by_role("button", name="Download the files (zip)").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        letters_pdf = next(n for n in archive.namelist() if n.startswith("letters"))
        text = "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(archive.read(letters_pdf))).pages
        )
    assert "Пишу Вам с вечера писем" in text and "Меня зовут Аня" in text
    assert organiser.requests.foreign() == []
