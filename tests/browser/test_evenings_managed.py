"""Evenings found and managed, and a participant's letter, in Chromium on a 360 px phone, in
Russian and in English: the menu, the list, edit, the thank-you page with the letter's link and
QR code, a double click that queues once, withdrawing, and the page a late participant sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from letters.auth.models import Role
from letters.batches.models import QueuedLetter
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner, PrisonerStatus
from letters.extensions import db
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD, create_user

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
LETTER = (
    "Здравствуйте, Сергей! Пишу Вам с вечера писем в Москве. Нас здесь много, и все Вас помнят."
)
# What the organiser and the participant click and read, in English and in Russian.
WORDS = {
    "menu": ("Evenings", "Вечера"),
    "create": ("Create the evening", "Создать вечер"),
    "name": ("Name of the evening", "Название вечера"),
    "place": ("Place (optional)", "Место (необязательно)"),
    "edit": ("Edit", "Изменить"),
    "save": ("Save the evening", "Сохранить вечер"),
    "add": ("Add to the evening's letters", "Добавить к письмам вечера"),
    "withdraw": ("Withdraw this letter", "Отозвать это письмо"),
    "confirm": ("Withdraw and delete it", "Отозвать и удалить"),
    "withdrawn": ("You withdrew the letter", "Вы отозвали письмо"),
    "close": ("Close the evening", "Закрыть вечер"),
    "closed": ("takes no more letters", "больше не принимает писем"),
    "held": ("Held back", "Задержано"),
    "to": ("To Миронов Сергей Геннадьевич.", "Кому: Миронову Сергею Геннадьевичу."),
}


@pytest.fixture
def server(make_app):
    app = make_app()  # CSRF on, as in production
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
    create_user(app, "organiser@example.org", Role.VOLUNTEER)
    with LiveServer(app) as live:
        live.app = app
        yield live


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _letters(app) -> list[QueuedLetter]:
    with app.app_context():
        found = db.session.query(QueuedLetter).all()
        db.session.expunge_all()
        return found


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_an_evening_managed_and_written_at_from_phones(server, page_factory, locale):
    words = {key: pair[locale == "ru"] for key, pair in WORDS.items()}
    organiser = page_factory(locale=locale, **PHONE)
    organiser.goto(server.url + "/login")
    organiser.fill("input[name=email]", "organiser@example.org")
    organiser.fill("input[name=password]", PASSWORD)
    organiser.locator("form button[type=submit], form input[type=submit]").last.click()

    organiser.get_by_role("link", name=words["menu"], exact=True).click()
    organiser.locator("#new-evening").click()
    organiser.get_by_label(words["name"]).fill("Вечер писем")
    organiser.get_by_label(words["place"]).fill("Библиотека на Тверской")
    soon = (date.today() + timedelta(days=2)).isoformat()
    organiser.locator("input[name=held_on]").fill(soon)
    organiser.locator("select[name=region]").select_option("Волгоградская область")
    organiser.get_by_role("button", name=words["create"]).click()
    link = organiser.locator("#evening-link").inner_text()
    _fits(organiser)
    organiser.get_by_role("link", name=words["edit"], exact=True).click()
    organiser.wait_for_url("**/edit")
    _fits(organiser)
    organiser.get_by_label(words["place"]).fill("Кафе «Письмо»")
    organiser.get_by_role("button", name=words["save"]).click()
    assert organiser.locator("#evening-place").inner_text() == "Кафе «Письмо»"
    organiser.get_by_role("link", name=words["menu"], exact=True).click()
    assert "Кафе «Письмо»" in organiser.locator("#upcoming-evenings").inner_text()
    _fits(organiser)

    phone = page_factory(locale=locale, **PHONE)
    phone.goto(link)
    phone.get_by_role("link", name="Миронов Сергей Геннадьевич").click()
    phone.locator("textarea[name=text]").fill(LETTER)
    phone.wait_for_selector("#check-verdict.verdict-ok, #check-verdict.verdict-warn")
    # A double click: the letter is queued once.
    phone.get_by_role("button", name=words["add"]).dblclick()
    phone.wait_for_selector("#letter-qr svg")
    _fits(phone)
    assert len(_letters(server.app)) == 1
    assert phone.locator("#letter-qr svg").is_visible()
    status_url = phone.locator("#letter-link").inner_text()
    assert status_url.endswith("/letters/" + _letters(server.app)[0].reference)
    assert phone.requests.foreign() == []

    with server.app.app_context():
        mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        mironov.status = PrisonerStatus.TRANSFERRED
        db.session.commit()
    phone.locator("#letter-link").click()
    assert phone.locator("#letter-status").inner_text() == words["held"]
    assert words["to"] in phone.locator("main").inner_text()  # the dative, as on the envelope
    _fits(phone)
    phone.get_by_text(words["withdraw"]).click()
    phone.get_by_role("button", name=words["confirm"]).click()
    phone.wait_for_selector("#withdraw", state="detached")  # the page after withdrawing
    assert words["withdrawn"] in phone.locator("#status-next").inner_text()
    _fits(phone)
    assert _letters(server.app)[0].text is None

    organiser.get_by_role("link", name="Вечер писем").click()
    organiser.get_by_role("button", name=words["close"]).click()
    organiser.wait_for_selector("#evening-closed")  # closed before the participant comes
    phone.goto(link)
    assert words["closed"] in phone.locator("main").inner_text()
    _fits(phone)
