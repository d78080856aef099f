"""Uploading a reply on the volunteers' Replies page: matched by its QR code or a typed code,
every refusal a 4xx in the volunteer's language with nothing stored, the request's size capped
before it is read, and a form sent twice storing one reply."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from letters.batches.models import QueuedLetter
from letters.extensions import db
from letters.replies import inbox, intake
from letters.replies.models import Reply, ReplyPage, ReplyState
from tests.batches.conftest import queue_letters
from tests.replies.scans import jpeg, paper, phone_photo

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


@pytest.fixture
def code(app, sample_directory, reply_address) -> str:
    with app.app_context():
        (letter_id,) = queue_letters(1, replies="organisation", sender_name="Анна")
        return db.session.get(QueuedLetter, letter_id).reply_code


def send(desk, files, code: str = "", once: str = "", headers=EN):
    data = {
        "files": [(io.BytesIO(content), name) for name, content in files],
        "code": code,
        "once": once,
    }
    builder = EnvironBuilder("/volunteer/replies/", method="POST", data=data, headers=headers)
    environ = builder.get_environ()
    try:
        return desk.open(environ)
    finally:  # the test client spools a large body to a temporary file of its own
        environ["wsgi.input"].close()


def stored(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Reply)),
            db.session.scalar(select(func.count()).select_from(ReplyPage)),
        )


def test_a_phone_photo_is_matched_by_its_qr_code_and_shown_to_confirm(app, desk, code):
    photo = phone_photo(code)
    assert len(photo) > app.config["MAX_CONTENT_LENGTH"]  # above the cap of other pages
    sheet = jpeg(paper((1200, 1600)))
    response = send(desk, [("IMG_0001.jpg", photo), ("IMG_0002.jpg", sheet)])
    assert response.status_code == 302
    page = desk.get(response.headers["Location"], headers=EN)
    assert "Миронов Сергей Геннадьевич" in page.text and code in page.text
    assert page.text.count('<img src="/volunteer/replies/') == 2
    with app.app_context():
        reply = db.session.scalar(select(Reply))
        assert (reply.state, reply.received_by_id, reply.page_count) == (
            ReplyState.TO_CONFIRM, 1, 2
        )  # fmt: skip
    picture = desk.get(re.search(r'<img src="([^"]+)"', page.text).group(1))
    assert picture.mimetype == "image/jpeg" and picture.headers["Cache-Control"] == "no-store"
    assert b"PhoneMakerX" not in picture.data  # re-encoded: the phone's EXIF is gone


def test_a_typed_code_matches_a_page_without_a_qr_code(app, desk, code):
    spaced = " ".join(code.lower().split("-"))
    response = send(desk, [("scan.png", jpeg(paper((800, 1000))))], code=spaced)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Reply.state)) == ReplyState.TO_CONFIRM


def test_a_reply_without_any_code_goes_on_the_list_to_resolve(app, desk, code):
    response = send(desk, [("scan.jpg", jpeg(paper((800, 1000))))], headers=EN)
    followed = desk.get(response.headers["Location"], headers=EN)
    assert "No letter found for this reply: it is kept on the list to resolve." in followed.text
    with app.app_context():
        assert db.session.scalar(select(Reply.state)) == ReplyState.UNMATCHED


@pytest.mark.parametrize(
    ("files", "typed", "said"),
    [
        ([("notes.txt", b"just text")], "", {"en": "notes.txt is not a JPEG", "ru": "notes.txt"}),
        ([("cut.jpg", phone_photo()[:40_000])], "", {"en": "cut.jpg is damaged", "ru": "cut.jpg"}),
        ([], "", {"en": "Choose the scans or photos", "ru": "Выберите"}),
        ([("p.jpg", jpeg(paper((600, 800))))], "2222-3333-4444",
         {"en": "No letter has the reply code 2222-3333-4444", "ru": "2222-3333-4444"}),
        ([("p.jpg", jpeg(paper((600, 800))))], "K7QM", {"en": "is not a reply code", "ru": "K7QM"}),
    ],
)  # fmt: skip
@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_refused_upload_says_why_in_the_volunteers_language_and_stores_nothing(
    app, desk, code, files, typed, said, language
):
    response = send(desk, files, code=typed, headers={"Accept-Language": language})
    assert response.status_code == 422
    errors = re.search(r'<ul class="errors"[^>]*>(.*?)</ul>', response.text, re.S).group(1)
    assert said[language] in errors
    if language == "ru":
        assert re.search("[а-яё]{3}", errors)
    if typed:
        assert f'value="{typed}"' in response.text  # the typed code stays in the form
    assert stored(app) == (0, 0)


def test_more_pages_while_a_reply_waits_and_the_same_pages_again_are_refused(app, desk, code):
    first = phone_photo(code)
    assert send(desk, [("one.jpg", first)]).status_code == 302
    waiting = send(desk, [("two.jpg", jpeg(paper((600, 800))))], code=code, headers=RU)
    assert waiting.status_code == 422 and code in waiting.text
    assert "ждёт подтверждения" in waiting.text
    with app.app_context():
        reply = db.session.scalar(select(Reply))
        inbox.confirm(db.session, reply, None)
        db.session.commit()
    again = send(desk, [("one-again.jpg", first)], headers=RU)
    assert again.status_code == 422 and "уже получены" in again.text
    assert stored(app) == (1, 1)
    # A new reply to the same letter, once the first is confirmed: the prisoner wrote again.
    later = send(desk, [("later.jpg", phone_photo(code))])
    assert later.status_code == 302 and stored(app) == (2, 2)
    # The volunteer sees that the letter was answered before, to compare with the paper.
    page = desk.get(later.headers["Location"], headers=RU)
    assert "Другие ответы на это письмо" in page.text
    assert "получен" in re.search(r'id="other-replies">([^<]+)<', page.text).group(1)


def test_the_same_form_sent_twice_stores_one_reply(app, desk, code):
    form = desk.get("/volunteer/replies/").text
    once = re.search(r'name="once" type="hidden" value="([^"]+)"', form).group(1)
    files = [("p.jpg", jpeg(paper((600, 800))))]
    first = send(desk, files, code=code, once=once)
    second = send(desk, files, code=code, once=once)
    assert second.status_code == 302 and second.headers["Location"] == first.headers["Location"]
    assert stored(app) == (1, 1)


@pytest.mark.parametrize(("language", "said"), [("en", "at most 40 MB"), ("ru", "не больше 40")])
def test_a_body_over_the_cap_is_refused_before_it_is_read(app, desk, code, language, said):
    too_much = intake.MAX_REPLY_BYTES + 2 * intake.MEGABYTE
    response = send(desk, [("huge.jpg", b"\xff" * too_much)], headers={"Accept-Language": language})
    assert response.status_code == 413 and said in response.text
    assert stored(app) == (0, 0)
    # Other pages keep the app-wide cap.
    big = {"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1), "password": "p"}
    assert app.test_client().post("/login", data=big).status_code == 413


def test_a_refused_form_keeps_its_token_for_the_corrected_one(app, desk, code):
    page = desk.get("/volunteer/replies/").text
    once = re.search(r'name="once" type="hidden" value="([^"]+)"', page).group(1)
    files = [("p.jpg", jpeg(paper((600, 800))))]
    refused = send(desk, files, code="2222-3333-4444", once=once)
    assert f'value="{once}"' in refused.text
    assert send(desk, files, code=code, once=once).status_code == 302
    assert stored(app) == (1, 1)
