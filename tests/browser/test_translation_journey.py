"""Issue 26's journey in real Chromium against gunicorn over HTTPS: a writer in English is
offered a translator, a translator takes the letter and translates it with the live check, a
volunteer batch prints the Russian only, and the writer's page shows both texts."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from letters.batches.claims import Selection, create_batch
from letters.batches.files import build_files
from letters.extensions import db
from tests.browser.test_https import https_server  # noqa: F401 - the gunicorn fixture
from tests.conftest import PASSWORD
from tests.translating.conftest import translator

pytestmark = pytest.mark.browser

ENGLISH = (
    "Dear Sergei, we think of you every day in Lyon. Your friends wrote this letter together "
    "and we hope it finds you well."
)
RUSSIAN = "Мы думаем о Вас каждый день в Лионе и надеемся, что у Вас всё хорошо."


def test_a_letter_in_english_reaches_the_batch_in_russian(
    https_server,  # noqa: F811
    make_app,
    page_factory,
):
    app = make_app()  # the same database gunicorn serves
    translator(app, "anna@example.org", "en")

    writer = page_factory(locale="en", ignore_https_errors=True)
    writer.goto(https_server + "/prisoners/1/write")
    writer.get_by_label("Your letter, in Russian").fill(ENGLISH)
    writer.get_by_role("button", name="Ask volunteers to print and post it").click()
    writer.locator("#translation-offer").get_by_role(
        "button", name="Ask a volunteer to translate it into Russian"
    ).click()
    assert "Waiting for a translator" in writer.locator("#translation-state").inner_text()
    status_url = writer.url

    anna = page_factory(locale="en", ignore_https_errors=True)
    anna.goto(https_server + "/login")
    anna.get_by_label("E-mail").fill("anna@example.org")
    anna.get_by_label("Password").fill(PASSWORD)
    anna.get_by_role("button", name="Log in").click()
    anna.goto(https_server + "/translate/")
    anna.get_by_role("button", name="Take the oldest letter").click()
    assert ENGLISH in anna.locator(".original").inner_text()
    anna.get_by_label("The letter, in Russian").fill(ENGLISH)
    anna.locator("#check-verdict").get_by_text("would not pass the prison censor").wait_for()
    anna.get_by_label("The letter, in Russian").fill(RUSSIAN)
    anna.locator("#check-verdict").get_by_text("All good").wait_for()
    anna.get_by_label("Signature, in Russian (optional)").fill("Ваши друзья")
    anna.get_by_role("button", name="Send the translation").click()
    assert "the letter is in Russian now" in anna.locator(".flashes").inner_text()

    with app.app_context():
        batch = create_batch(db.session, None, Selection())
        printed = build_files(batch).files["letters.pdf"]
        db.session.remove()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(printed)).pages)
    flat = " ".join(text.split())
    assert "Мы думаем о Вас каждый день" in flat and "Ваши друзья" in flat
    assert "Dear" not in flat and "Lyon" not in flat

    writer.goto(status_url)
    state = writer.locator("#translation-state").inner_text()
    assert "Translated on" in state
    assert ENGLISH in writer.locator(".original").inner_text()
    assert RUSSIAN in writer.locator("#russian-text").inner_text()
    for page in (writer, anna):
        assert [e for e in page.errors if "status of 422" not in e] == []
        assert page.requests.foreign() == []
