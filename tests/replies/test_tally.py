"""Coordinators see, per prisoner, letters posted, returned and answered (letters.replies.tally),
on the prisoner's page and in the attention list beside returned mail."""

from __future__ import annotations

from datetime import date

from letters.batches.models import LetterStatus, QueuedLetter
from letters.batches.returns import record_return
from letters.extensions import db
from letters.replies import inbox
from letters.replies.models import Reply
from tests.batches.conftest import queue_letters
from tests.conftest import AuthActions
from tests.replies.desk import letter_with_reply

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


def post(letter_ids) -> None:
    for letter in db.session.query(QueuedLetter).filter(QueuedLetter.id.in_(letter_ids)):
        letter.status = LetterStatus.POSTED
        letter.posted_on = date.today()
    db.session.commit()


def test_letters_posted_returned_and_answered_are_counted_per_prisoner(
    app, sample_directory, reply_address, coordinator
):
    mironov = sample_directory["Миронов"]
    answered, reply_id, _ = letter_with_reply(app)
    with app.app_context():
        inbox.confirm(db.session, db.session.get(Reply, reply_id), None)
        posted = queue_letters(3)
        post([answered, *posted])
        record_return(db.session, db.session.get(QueuedLetter, posted[0]), None, "moved", "")
        queue_letters(1)  # waiting in the queue: not posted, not counted
        db.session.commit()
    client = app.test_client()
    AuthActions(client).login("coordinator@example.org")
    page = client.get(f"/coordinate/prisoners/{mironov}", headers=EN)
    assert '<p id="prisoner-mail">4 letters posted · 1 came back · 1 reply</p>' in page.text
    russian = client.get(f"/coordinate/prisoners/{mironov}", headers=RU)
    assert "4 письма отправлено · 1 вернулось · 1 ответ" in russian.text
    # The returned letter puts Mironov on the attention list, with the same line beside it.
    attention = client.get("/coordinate/", headers=EN)
    assert "4 letters posted · 1 came back · 1 reply" in attention.text
    perov = client.get(f"/coordinate/prisoners/{sample_directory['Перов']}", headers=EN)
    assert 'id="prisoner-mail"' not in perov.text  # never written to: nothing to say
