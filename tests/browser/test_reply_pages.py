"""The reply pages in Chromium, at 360 px in both languages: a volunteer uploads a phone photo
of a reply sheet, sees what its QR code matched with the pages, and confirms it; the writer
opens the private link and sees the pages, and when they will be deleted."""

from __future__ import annotations

import pytest

from letters.batches.models import QueuedLetter
from letters.extensions import db
from letters.replies import inbox, intake
from letters.replies.access import reply_link
from tests.batches.conftest import queue_letters
from tests.browser.test_replies import server  # noqa: F401 - the fixture
from tests.browser.test_writer_experience import PHONE, axe_violations, no_horizontal_scroll
from tests.conftest import PASSWORD
from tests.replies.scans import jpeg, paper, phone_photo

pytestmark = pytest.mark.browser

WORDS = {
    "ru": {
        "nav": "Ответы",
        "files": "Сканы или фотографии страниц ответа (JPEG, PNG или PDF)",
        "code": "Код ответа, если приложение не может прочитать QR-код (необязательно)",
        "upload": "Загрузить ответ",
        "not_image": "не JPEG, не PNG и не PDF",
        "confirm": "Подтвердить",
        "confirmed": "Подтверждено: теперь автор письма видит ответ.",
        "arrived": "Ответ пришёл",
        "deleted": "Его страницы будут удалены",
    },
    "en": {
        "nav": "Replies",
        "files": "Scans or photos of the reply's pages (JPEG, PNG or PDF)",
        "code": "Reply code, if the app cannot read the QR code (optional)",
        "upload": "Upload the reply",
        "not_image": "is not a JPEG, PNG or PDF file",
        "confirm": "Confirm",
        "confirmed": "Confirmed: the writer can now see the reply.",
        "arrived": "A reply arrived on",
        "deleted": "Its pages will be deleted on",
    },
}
PICTURES_SHOWN = (
    "sel => [...document.querySelectorAll(sel)].length > 0 && "
    "[...document.querySelectorAll(sel)].every(i => i.complete && i.naturalWidth > 0)"
)


def pictures_shown(page, selector: str) -> None:
    """Scroll to the pictures as the reader does (thumbnails load lazily) and wait until every
    one is decoded; a picture that fails to load fails the test on the timeout."""
    page.locator(selector).last.scroll_into_view_if_needed()
    page.wait_for_function(PICTURES_SHOWN, arg=selector, timeout=20_000)


def reply_code(app) -> str:
    with app.app_context():
        (letter_id,) = queue_letters(1, replies="organisation", sender_name="Анна")
        return db.session.get(QueuedLetter, letter_id).reply_code


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_a_volunteer_uploads_a_phone_photo_and_confirms_the_match_on_a_phone(
    server,  # noqa: F811 - the fixture
    page_factory,
    locale,
):
    words = WORDS[locale]
    code = reply_code(server.app)
    page = page_factory(locale=locale, viewport=PHONE)
    page.goto(server.url + "/login")
    page.locator("input[name=email]").fill("volunteer@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit], form.form input[type=submit]").click()
    page.get_by_role("link", name=words["nav"], exact=True).click()
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    # A file that is no picture is refused, and the code typed stays in the form.
    page.get_by_label(words["files"]).set_input_files(
        [{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"just text"}]
    )
    page.get_by_label(words["code"]).fill("k7qm 4zpa")
    page.get_by_role("button", name=words["upload"]).click()
    assert words["not_image"] in page.locator("ul.errors").inner_text()
    assert page.get_by_label(words["code"]).input_value() == "k7qm 4zpa"
    assert no_horizontal_scroll(page)
    assert [error for error in page.errors if "422" not in error] == []  # the refusal's status
    page.errors.clear()
    page.get_by_label(words["code"]).fill("")
    page.get_by_label(words["files"]).set_input_files(
        [{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": phone_photo(code)}]
    )
    page.get_by_role("button", name=words["upload"]).click()
    match = page.locator("#reply-match").inner_text()
    assert "Миронов Сергей Геннадьевич" in match and code in match
    pictures_shown(page, "#reply-pages img")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name=words["confirm"], exact=True).click()
    assert words["confirmed"] in page.locator(".flashes").inner_text()
    assert page.requests.foreign() == [] and page.errors == []


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_the_writer_sees_the_reply_on_the_private_link_on_a_phone(
    server,  # noqa: F811 - the fixture
    page_factory,
    locale,
):
    words = WORDS[locale]
    code = reply_code(server.app)
    with server.app.app_context():
        sheets = [("1.jpg", phone_photo(code)), ("2.jpg", jpeg(paper((1200, 1600))))]
        reply = inbox.receive(db.session, intake.read_upload(sheets)).reply
        inbox.confirm(db.session, reply, None)
        db.session.commit()
        with server.app.test_request_context(base_url=server.url):
            link = reply_link(reply.letter)
    page = page_factory(locale=locale, viewport=PHONE)
    page.goto(link)
    state = page.locator(".reply-state").inner_text()
    assert words["arrived"] in state
    assert words["deleted"] in page.locator(".reply-deletion").inner_text()
    assert page.locator(".reply-page img").count() == 2
    pictures_shown(page, ".reply-page img")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    assert page.requests.foreign() == [] and page.errors == []
