"""The volunteers' Replies page: what a reply matched, its pages, confirming it, and the list
to resolve (letters.replies.desk)."""

from __future__ import annotations

from letters.auth.models import Role
from letters.batches.models import QueuedLetter
from letters.extensions import db
from letters.replies import inbox
from letters.replies.models import Reply, ReplyState
from tests.conftest import PASSWORD, AuthActions, create_user, csrf_token, load_sample_directory
from tests.replies.conftest import add_reply_address
from tests.replies.desk import PAGE_BYTES, letter_with_reply
from tests.replies.test_inbox import Page, Scan

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


def state_of(app, reply_id: int) -> ReplyState:
    with app.app_context():
        return db.session.get(Reply, reply_id).state


def test_only_volunteers_and_coordinators_open_the_replies(app, client, waiting):
    _, reply_id, _ = waiting
    for path in ("/volunteer/replies/", f"/volunteer/replies/{reply_id}/pages/1"):
        assert client.get(path).status_code == 302  # to the log-in page
    create_user(app, "t@example.org", Role.TRANSLATOR)
    AuthActions(client).login("t@example.org")
    assert client.get("/volunteer/replies/").status_code == 403
    assert client.get(f"/volunteer/replies/{reply_id}/pages/1").status_code == 403


def test_the_volunteer_sees_what_a_reply_matched_with_its_pages_and_confirms_it(app, desk, waiting):
    letter_id, reply_id, _ = waiting
    listed = desk.get("/volunteer/replies/", headers=EN)
    assert 'href="/volunteer/replies/"' in listed.text  # in the volunteers' navigation
    assert f'href="/volunteer/replies/{reply_id}"' in listed.text
    assert 'Reply from <span lang="ru">Миронов Сергей Геннадьевич</span>' in listed.text
    page = desk.get(f"/volunteer/replies/{reply_id}", headers=EN)
    with app.app_context():
        letter = db.session.get(QueuedLetter, letter_id)
        assert letter.reply_code in page.text
        assert letter.reference not in page.text  # the writer's key: not the volunteer's business
        assert letter.sender_name not in page.text
    assert "Миронов Сергей Геннадьевич" in page.text and "In answer to the letter of" in page.text
    assert page.text.count(f'src="/volunteer/replies/{reply_id}/pages/') == 2
    picture = desk.get(f"/volunteer/replies/{reply_id}/pages/1")
    assert picture.data == PAGE_BYTES and picture.mimetype == "image/png"
    assert picture.headers["Cache-Control"] == "no-store"
    assert desk.get(f"/volunteer/replies/{reply_id}/pages/3").status_code == 404
    confirmed = desk.post(
        f"/volunteer/replies/{reply_id}/confirm", headers=EN, follow_redirects=True
    )
    assert "Confirmed: the writer can now see the reply." in confirmed.text
    assert state_of(app, reply_id) == ReplyState.DELIVERED
    # Now it is the writer's: no longer shown to volunteers, nor listed.
    assert desk.get(f"/volunteer/replies/{reply_id}/pages/1").status_code == 404
    assert f'href="/volunteer/replies/{reply_id}"' not in desk.get("/volunteer/replies/").text
    again = desk.post(f"/volunteer/replies/{reply_id}/confirm", headers=RU, follow_redirects=True)
    assert "Этот ответ уже не ждёт этого" in again.text


def test_not_this_letter_puts_the_reply_on_the_list_where_a_typed_code_resolves_it(
    app, desk, waiting
):
    letter_id, reply_id, _ = waiting
    desk.post(f"/volunteer/replies/{reply_id}/unmatch")
    assert state_of(app, reply_id) == ReplyState.UNMATCHED
    listed = desk.get("/volunteer/replies/", headers=EN)
    assert 'id="unmatched"' in listed.text and f"/volunteer/replies/{reply_id}" in listed.text
    for headers, said in (
        (EN, "No letter has the reply code"),
        (RU, "Ни у одного письма нет кода ответа"),
    ):
        refused = desk.post(
            f"/volunteer/replies/{reply_id}/resolve",
            data={"code": "2222 3333 4444"},
            headers=headers,
        )
        assert refused.status_code == 422 and said in refused.text
        assert 'value="2222 3333 4444"' in refused.text  # what was typed stays in the form
    assert state_of(app, reply_id) == ReplyState.UNMATCHED
    with app.app_context():
        code = db.session.get(QueuedLetter, letter_id).reply_code
    resolved = desk.post(f"/volunteer/replies/{reply_id}/resolve", data={"code": code.lower()})
    assert resolved.status_code == 302
    assert state_of(app, reply_id) == ReplyState.TO_CONFIRM


def test_an_unmatched_reply_names_the_qr_code_it_carried(app, desk, sample_directory):
    with app.app_context():
        reply = inbox.receive(db.session, Scan((Page(b"p"),), codes=("2222-3333-4444",))).reply
        db.session.commit()
        reply_id = reply.id
    page = desk.get(f"/volunteer/replies/{reply_id}", headers=EN)
    assert "The QR code on it reads 2222-3333-4444, which is no letter's code." in page.text
    assert 'name="code"' in page.text
    assert desk.get(f"/volunteer/replies/{reply_id}/pages/1").data == b"p"


def test_every_form_on_the_replies_pages_needs_its_csrf_token(make_app):
    app = make_app()  # CSRF on, as in production
    load_sample_directory(app)
    add_reply_address(app)
    _, reply_id, _ = letter_with_reply(app)
    create_user(app, "v@example.org", Role.VOLUNTEER)
    client = app.test_client()
    login = client.get("/login")
    client.post(
        "/login",
        data={"email": "v@example.org", "password": PASSWORD, "csrf_token": csrf_token(login.text)},
    )
    assert client.get("/volunteer/replies/").status_code == 200
    for action in ("confirm", "unmatch", "notify", "resolve"):
        response = client.post(f"/volunteer/replies/{reply_id}/{action}", data={"code": "x"})
        assert response.status_code == 400, action
    assert state_of(app, reply_id) == ReplyState.TO_CONFIRM
    page = client.get(f"/volunteer/replies/{reply_id}")
    token = csrf_token(page.text)
    client.post(f"/volunteer/replies/{reply_id}/confirm", data={"csrf_token": token})
    assert state_of(app, reply_id) == ReplyState.DELIVERED
