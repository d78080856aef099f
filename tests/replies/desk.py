"""A reply as the volunteers' page receives it, for the tests of the pages after upload."""

from __future__ import annotations

from letters.batches.models import QueuedLetter
from letters.extensions import db
from letters.replies import inbox
from letters.replies.access import link_token
from tests.batches.conftest import queue_letters
from tests.replies.test_inbox import Page, Scan

# Bytes no other row holds: a page's picture, found (or not) in a response.
PAGE_BYTES = b"\x89PNG handwriting of page one " * 40


def letter_with_reply(app, notify_email: str | None = None) -> tuple[int, int, str]:
    """A letter to Mironov with replies through the organisation, and a reply matched to it by
    its QR code, waiting to be confirmed: (letter id, reply id, the writer's link token)."""
    with app.app_context():
        (letter_id,) = queue_letters(
            1, replies="organisation", sender_name="Анна Писарева", notify_email=notify_email
        )
        code = db.session.get(QueuedLetter, letter_id).reply_code
        scan = Scan((Page(PAGE_BYTES, "image/png", 800, 1100), Page(b"page two")), codes=(code,))
        reply = inbox.receive(db.session, scan).reply
        db.session.commit()
        return letter_id, reply.id, link_token(code)
