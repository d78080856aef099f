"""Staff accounts in Chromium on a 360 px phone, in both languages: a coordinator creates an
account and passes its link on; the newcomer chooses a password through it, logs in, and
changes it later."""

from __future__ import annotations

import pytest

from letters.auth.models import Role
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD, create_user

pytestmark = pytest.mark.browser

WIDTH = 360
WORDS = {
    "en": {
        "email": "E-mail",
        "password": "Password",
        "log_in": "Log in",
        "role": "Role",
        "create": "Create the account",
        "created": "The account nina@example.org is created.",
        "new": "New password",
        "again": "The new password again",
        "save": "Save the password",
        "saved": "Your password is saved. Log in with it.",
        "common": "This is one of the most common passwords",
        "current": "Current password",
        "change": "Change the password",
        "changed": "Your password is changed.",
        "translator": "translator",
    },
    "ru": {
        "email": "Электронная почта",
        "password": "Пароль",
        "log_in": "Войти",
        "role": "Роль",
        "create": "Создать учётную запись",
        "created": "Учётная запись nina@example.org создана.",
        "new": "Новый пароль",
        "again": "Новый пароль ещё раз",
        "save": "Сохранить пароль",
        "saved": "Пароль сохранён. Войдите с ним.",
        "common": "Это один из самых частых паролей",
        "current": "Текущий пароль",
        "change": "Сменить пароль",
        "changed": "Пароль изменён.",
        "translator": "переводчик",
    },
}
FIRST = "seven purple lanterns drifting"
SECOND = "a quiet harbour before dawn"


@pytest.fixture
def server(make_app):
    app = make_app()
    create_user(app, "coordinator@example.org", Role.COORDINATOR)
    with LiveServer(app) as live:
        yield live


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def log_in(page, server, words, email, password):
    page.goto(server.url + "/login")
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"], exact=True).fill(password)
    page.get_by_role("button", name=words["log_in"]).click()


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_an_account_from_creation_to_a_changed_password(server, page_factory, locale):
    words = WORDS[locale]
    phone = {"viewport": {"width": WIDTH, "height": 780}}
    coordinator = page_factory(locale=locale, **phone)
    log_in(coordinator, server, words, "coordinator@example.org", PASSWORD)
    coordinator.goto(server.url + "/coordinate/accounts/")
    coordinator.get_by_label(words["email"]).fill("nina@example.org")
    coordinator.get_by_label(words["role"]).select_option("translator")
    coordinator.get_by_role("button", name=words["create"]).click()
    assert words["created"] in coordinator.locator("main").inner_text()
    assert fits(coordinator)
    link = coordinator.locator("#set-password-url").input_value()
    assert link.startswith(server.url + "/account/set-password?token=")

    newcomer = page_factory(locale=locale, **phone)
    newcomer.goto(link)
    assert fits(newcomer)
    newcomer.get_by_label(words["new"], exact=True).fill("password1234")
    newcomer.get_by_label(words["again"]).fill("password1234")
    newcomer.get_by_role("button", name=words["save"]).click()
    assert words["common"] in newcomer.locator("#new_password-errors").inner_text()
    assert newcomer.get_by_label(words["new"], exact=True).get_attribute("aria-invalid") == "true"
    assert fits(newcomer)
    newcomer.get_by_label(words["new"], exact=True).fill(FIRST)
    newcomer.get_by_label(words["again"]).fill(FIRST)
    newcomer.get_by_role("button", name=words["save"]).click()
    assert words["saved"] in newcomer.locator(".flashes").inner_text()

    log_in(newcomer, server, words, "nina@example.org", FIRST)
    assert newcomer.url == server.url + "/account"
    assert f"({words['translator']})" in newcomer.locator("main").inner_text()
    assert fits(newcomer)
    newcomer.get_by_label(words["current"]).fill(FIRST)
    newcomer.get_by_label(words["new"], exact=True).fill(SECOND)
    newcomer.get_by_label(words["again"]).fill(SECOND)
    newcomer.get_by_role("button", name=words["change"]).click()
    assert words["changed"] in newcomer.locator(".flashes").inner_text()
    # The refused password answered 422, as it should; nothing else went wrong.
    for page in (newcomer, coordinator):
        assert [error for error in page.errors if "status of 422" not in error] == []
    assert newcomer.requests.foreign() == [] and coordinator.requests.foreign() == []

    # The link worked once.
    again = page_factory(locale=locale, **phone)
    response = again.goto(link)
    assert response.status == 404 and fits(again)
