"""The writer's notice of a reply (letters.replies.notice), sent to a real SMTP server on this
machine when a volunteer confirms the reply: the private link and nothing else, once; the
address is deleted after it; a mail failure keeps the confirmation and offers to send again."""

from __future__ import annotations

import re

import pytest
from aiosmtpd.controller import Controller

from letters.auth.models import Role
from letters.batches.models import QueuedLetter
from letters.extensions import db
from letters.replies.models import Reply, ReplyState
from tests.conftest import AuthActions, create_user, load_sample_directory
from tests.foundation.test_mail import (
    Inbox,
    free_port,
    smtp_server,  # noqa: F401 - the fixture
)
from tests.replies.conftest import add_reply_address
from tests.replies.desk import PAGE_BYTES, letter_with_reply

EN = {"Accept-Language": "en"}
WRITER = "anna@example.org"


def _desk(make_app, **settings):
    app = make_app(WTF_CSRF_ENABLED=False, MAIL_FROM="letters@example.org", **settings)
    load_sample_directory(app)
    add_reply_address(app)
    create_user(app, "volunteer@example.org", Role.VOLUNTEER)
    client = app.test_client()
    AuthActions(client).login("volunteer@example.org")
    return app, client


def _stored(app, letter_id: int, reply_id: int):
    with app.app_context():
        letter = db.session.get(QueuedLetter, letter_id)
        reply = db.session.get(Reply, reply_id)
        return letter.notify_email, reply.notified_at, reply.state


def test_confirming_mails_the_private_link_once_and_forgets_the_address(
    make_app,
    smtp_server,  # noqa: F811
):
    app, desk = _desk(make_app, SMTP_URL=smtp_server.url)
    letter_id, reply_id, token = letter_with_reply(app, notify_email=WRITER)
    page = desk.post(f"/volunteer/replies/{reply_id}/confirm", headers=EN, follow_redirects=True)
    assert "The writer was sent an e-mail that a reply has arrived." in page.text
    [(recipients, message)] = smtp_server.messages
    assert recipients == [WRITER]
    body = message.get_content()
    assert message["Subject"] == "Пришёл ответ на ваше письмо / A reply to your letter has arrived"
    links = re.findall(r"http://\S+", body)
    assert links == [f"http://localhost/letters/reply?t={token}"] * 2  # in Russian and English
    with app.app_context():
        letter = db.session.get(QueuedLetter, letter_id)
        # No prisoner's name, no reference, nothing of the reply.
        for private in ("Миронов", "Mironov", letter.reference, letter.reply_code, "handwriting"):
            assert private not in body and private not in message["Subject"]
    email, notified_at, state = _stored(app, letter_id, reply_id)
    assert (email, state) == (None, ReplyState.DELIVERED) and notified_at is not None
    opened = app.test_client().get(links[0].removeprefix("http://localhost"))
    assert f"/letters/reply/{reply_id}/pages/1?t={token}" in opened.text
    desk.post(f"/volunteer/replies/{reply_id}/notify")  # a stale button: nothing more is sent
    assert len(smtp_server.messages) == 1
    assert PAGE_BYTES not in message.as_bytes()


def test_a_mail_failure_keeps_the_confirmation_and_the_notice_is_sent_again(make_app):
    port = free_port()
    app, desk = _desk(make_app, SMTP_URL=f"smtp://127.0.0.1:{port}")
    letter_id, reply_id, token = letter_with_reply(app, notify_email=WRITER)
    page = desk.post(f"/volunteer/replies/{reply_id}/confirm", headers=EN, follow_redirects=True)
    assert "The e-mail to the writer could not be sent" in page.text
    assert f'action="/volunteer/replies/{reply_id}/notify"' in page.text
    assert _stored(app, letter_id, reply_id) == (WRITER, None, ReplyState.DELIVERED)
    listed = desk.get("/volunteer/replies/", headers=EN)
    assert 'id="unsent"' in listed.text and "Send the e-mail again" in listed.text
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()  # the mail server is back
    try:
        again = desk.post(
            f"/volunteer/replies/{reply_id}/notify", headers=EN, follow_redirects=True
        )
    finally:
        controller.stop()
    assert "The writer was sent an e-mail" in again.text
    [(recipients, message)] = inbox.messages
    assert recipients == [WRITER] and token in message.get_content()
    email, notified_at, _ = _stored(app, letter_id, reply_id)
    assert email is None and notified_at is not None
    assert 'id="unsent"' not in desk.get("/volunteer/replies/").text


@pytest.mark.parametrize("mail", [False, True])
def test_nothing_is_mailed_without_mail_or_without_an_address(make_app, smtp_server, mail):  # noqa: F811
    settings = {"SMTP_URL": smtp_server.url} if mail else {}
    app, desk = _desk(make_app, **settings)
    letter_id, reply_id, _ = letter_with_reply(app, notify_email=None if mail else WRITER)
    page = desk.post(f"/volunteer/replies/{reply_id}/confirm", headers=EN, follow_redirects=True)
    assert "e-mail" not in page.text.split("</h1>", 1)[1].split("Back to the replies")[0]
    assert smtp_server.messages == []
    assert _stored(app, letter_id, reply_id)[2] == ReplyState.DELIVERED
