"""The writer's reply page (writing.reply): the reply's pages once a volunteer confirmed it,
opened by the private link alone; the first opening starts the retention span, which the page
states; once forgotten, only that a reply arrived. The status page by reference says a reply
arrived and shows nothing of it."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date

from letters.batches.models import QueuedLetter
from letters.batches.retention import purge
from letters.extensions import db
from letters.replies import inbox
from letters.replies.models import Reply, ReplyState
from tests.replies.desk import PAGE_BYTES
from tests.replies.test_inbox import Page, Scan

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


def confirm(app, reply_id: int) -> None:
    with app.app_context():
        inbox.confirm(db.session, db.session.get(Reply, reply_id), None)
        db.session.commit()


def test_a_reply_waiting_for_confirmation_is_not_shown(app, client, waiting):
    _, reply_id, token = waiting
    page = client.get(f"/letters/reply?t={token}", headers=EN)
    assert "No reply has arrived yet" in page.text and "/pages/" not in page.text
    assert client.get(f"/letters/reply/{reply_id}/pages/1?t={token}").status_code == 404


def test_the_delivered_reply_is_shown_on_the_private_link_with_its_deletion_date(
    app, client, waiting
):
    letter_id, reply_id, token = waiting
    confirm(app, reply_id)
    page = client.get(f"/letters/reply?t={token}", headers=EN)
    assert page.headers["Cache-Control"] == "no-store"
    assert "A reply arrived on" in page.text
    assert page.text.count(f'src="/letters/reply/{reply_id}/pages/') == 2
    with app.test_request_context(headers=EN):
        deleted = format_date(date.today() + timedelta(days=30), "long")
    assert f"Its pages will be deleted on {deleted}." in page.text
    with app.app_context():
        # A link scanner fetches the page alone: the retention span starts with the pictures.
        assert db.session.get(Reply, reply_id).opened_at is None
    picture = client.get(f"/letters/reply/{reply_id}/pages/1?t={token}")
    assert picture.data == PAGE_BYTES and picture.headers["Cache-Control"] == "no-store"
    with app.app_context():
        reply = db.session.get(Reply, reply_id)
        assert reply.opened_at is not None
        assert inbox.deleted_on(reply, 30, 180) == date.today() + timedelta(days=30)
    assert client.get(f"/letters/reply/{reply_id}/pages/3?t={token}").status_code == 404
    altered = ("A" if token[0] != "A" else "B") + token[1:]
    assert client.get(f"/letters/reply/{reply_id}/pages/1?t={altered}").status_code == 404
    assert client.get(f"/letters/reply/{reply_id}/pages/1").status_code == 404
    with app.app_context():
        letter = db.session.get(QueuedLetter, letter_id)
        reference, code = letter.reference, letter.reply_code
    for key in (reference, code):  # neither code opens the pictures
        assert client.get(f"/letters/reply/{reply_id}/pages/1?t={key}").status_code == 404
    status = client.get(f"/letters/{reference}", headers=EN)
    assert "A reply arrived on" in status.text
    assert "/letters/reply" not in status.text and token not in status.text


def test_the_deletion_date_is_the_day_the_purge_forgets_the_pages(app, waiting):
    _, reply_id, _ = waiting
    confirm(app, reply_id)
    with app.app_context():
        reply = db.session.get(Reply, reply_id)
        inbox.mark_opened(db.session, reply)
        db.session.commit()
        day = inbox.deleted_on(reply, 7, 180)
        assert inbox.forget_due(db.session, 7, 180, day - timedelta(days=1)) == 0
        assert inbox.forget_due(db.session, 7, 180, day) == 1
        unopened = inbox.receive(db.session, Scan((Page(b"p"),))).reply
        assert inbox.deleted_on(unopened, 7, 180) == date.today() + timedelta(days=180)
        opening = date.today() + timedelta(days=178)  # if first opened then: the latest wins
        assert inbox.deleted_on(unopened, 7, 180, opening) == date.today() + timedelta(days=180)
        assert inbox.deleted_on(unopened, 7, 180, date.today()) == date.today() + timedelta(days=7)


def test_once_forgotten_the_page_says_a_reply_arrived_and_its_pages_were_deleted(
    app, client, waiting
):
    _, reply_id, token = waiting
    confirm(app, reply_id)
    client.get(f"/letters/reply/{reply_id}/pages/1?t={token}")  # opened
    later = date.today() + timedelta(days=app.config["REPLY_RETENTION_DAYS"])
    with app.app_context():
        purge(db.session, app.config["RETENTION_DAYS"], later, reply_retention_days=30)
        assert db.session.get(Reply, reply_id).state == ReplyState.FORGOTTEN
    for headers, said in ((EN, "Its pages were deleted on"), (RU, "Его страницы удалены")):
        page = client.get(f"/letters/reply?t={token}", headers=headers)
        assert said in page.text and "/pages/" not in page.text
    assert client.get(f"/letters/reply/{reply_id}/pages/1?t={token}").status_code == 404


def test_a_second_reply_to_the_letter_is_shown_beside_the_first_each_with_its_own_span(
    app, client, waiting
):
    letter_id, first_id, token = waiting
    confirm(app, first_id)
    client.get(f"/letters/reply/{first_id}/pages/1?t={token}")  # the first is read
    with app.app_context():
        code = db.session.get(QueuedLetter, letter_id).reply_code
        second = inbox.receive(db.session, Scan((Page(b"later"),), codes=(code,))).reply
        db.session.commit()
        second_id = second.id
    page = client.get(f"/letters/reply?t={token}", headers=EN)
    assert f"/letters/reply/{second_id}/pages/" not in page.text  # not confirmed yet
    confirm(app, second_id)
    page = client.get(f"/letters/reply?t={token}", headers=EN)
    assert page.text.count("A reply arrived on") == 2
    assert f"/letters/reply/{first_id}/pages/1" in page.text
    assert f"/letters/reply/{second_id}/pages/1" in page.text
    with app.app_context():
        assert db.session.get(Reply, second_id).opened_at is None  # its own span, not begun
    assert client.get(f"/letters/reply/{second_id}/pages/1?t={token}").data == b"later"
    # Another letter's link does not open this letter's reply.
    with app.app_context():
        other = inbox.receive(db.session, Scan((Page(b"other"),))).reply
        db.session.commit()
        other_id = other.id
    assert client.get(f"/letters/reply/{other_id}/pages/1?t={token}").status_code == 404
    with app.app_context():
        reference = db.session.get(QueuedLetter, letter_id).reference
    status = client.get(f"/letters/{reference}", headers=EN)
    assert status.text.count("A reply arrived on") == 2
