"""Replies through the organisation in Chromium, at 360 px in both languages: the writer
chooses it on the letter form, queues the letter, is given the private link once and opens the
reply page with it."""

from __future__ import annotations

from datetime import date

import pytest

from letters.auth.models import Role
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.extensions import db
from tests.browser.conftest import LiveServer
from tests.browser.test_writer_experience import PHONE, axe_violations, no_horizontal_scroll
from tests.conftest import create_user
from tests.replies.conftest import add_reply_address

pytestmark = pytest.mark.browser

WORDS = {
    "ru": {
        "choice": "Ответы — через Письма",
        "email": "Ваша электронная почта для одного уведомления о пришедшем ответе (необязательно)",
        "letter": "Ваше письмо на русском",
        "queue": "Попросить волонтёров распечатать и отправить",
        "kept": "Сохраните эту личную ссылку",
        "copy": "Скопировать ссылку",
        "none": "Ответа пока нет",
    },
    "en": {
        "choice": "Send replies through Письма",
        "email": "Your e-mail for one notice when a reply arrives (optional)",
        "letter": "Your letter, in Russian",
        "queue": "Ask volunteers to print and post it",
        "kept": "Keep this private link",
        "copy": "Copy the link",
        "none": "No reply has arrived yet",
    },
}


@pytest.fixture
def server(make_app):
    app = make_app()
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
    add_reply_address(app)
    create_user(app, "volunteer@example.org", Role.VOLUNTEER)  # for the Replies page
    with LiveServer(app) as live:
        live.app = app
        yield live


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_the_writer_chooses_replies_through_the_organisation_on_a_phone(
    server, page_factory, locale
):
    words = WORDS[locale]
    page = page_factory(locale=locale, viewport=PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{server.url}/prisoners/1/write")
    page.get_by_label(words["letter"]).fill("Здравствуйте! Пишу вам из Казани.")
    page.locator("details.envelope-options summary").click()
    page.get_by_label(words["choice"]).check()
    page.get_by_label(words["email"]).fill("anna@example.org")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name=words["queue"]).click()
    notice = page.locator("#reply-link")
    assert words["kept"] in notice.inner_text()
    link = page.locator("#reply-link-url").input_value()
    assert link.startswith(f"{server.url}/letters/reply?t=")
    page.get_by_role("button", name=words["copy"]).click()
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.reload()
    assert page.locator("#reply-link").count() == 0  # given once
    reply = page_factory(locale=locale, viewport=PHONE)
    reply.goto(link)
    assert words["none"] in reply.locator(".reply-state").inner_text()
    assert no_horizontal_scroll(reply)
    assert axe_violations(reply) == []
    assert page.requests.foreign() == [] and reply.requests.foreign() == []
    assert page.errors == [] and reply.errors == []


RADIOS = "radios => radios.map(radio => [radio.value, radio.checked])"


def test_a_restored_draft_keeps_the_replies_choice_as_shown(server, page_factory):
    page = page_factory(locale="en", viewport=PHONE)
    page.goto(f"{server.url}/prisoners/1/write")
    replies = page.locator("input[name=replies]")
    assert replies.evaluate_all(RADIOS) == [["own", True], ["organisation", False]]
    page.get_by_label("Your letter, in Russian").fill("Здравствуйте! Пишу вам из Казани.")
    page.goto(f"{server.url}/prisoners/1/write")  # a new visit: the draft comes back
    assert page.locator("#draft-status").is_visible()
    # What is shown is what is sent: each choice keeps its own value.
    assert replies.evaluate_all(RADIOS) == [["own", True], ["organisation", False]]
    page.locator("details.envelope-options summary").click()
    page.get_by_label("Send replies through Письма").check()
    page.get_by_label("Your letter, in Russian").fill("Здравствуйте! Пишу вам из Казани снова.")
    page.goto(f"{server.url}/prisoners/1/write")
    assert replies.evaluate_all(RADIOS) == [["own", False], ["organisation", True]]
    # Discarding the draft brings back the form's own choice.
    page.get_by_role("button", name="Discard the draft").click()
    assert replies.evaluate_all(RADIOS) == [["own", True], ["organisation", False]]
    assert page.errors == []
