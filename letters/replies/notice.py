"""The one e-mail a writer may ask for: a reply has arrived, here is your private link.

It says nothing else — no prisoner's name, no words of the reply — since mail passes through
servers the writer does not choose. The address is kept for this message only: once the
message is handed to the SMTP server it is deleted. When the server cannot be reached the
reply stays delivered (the writer's page shows it all the same) and the volunteers' Replies
page lists the notice as not sent, with a button to send it again; the address then goes with
the rest of the letter's personal data (``REPLY_WAIT_DAYS``) if it is never sent.
"""

from __future__ import annotations

from typing import Literal

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from letters.batches.models import QueuedLetter
from letters.database import utcnow
from letters.mail import (
    MESSAGE_PARTS,
    MailError,
    in_russian_and_english,
    mail_configured,
    send_mail,
)
from letters.replies.access import reply_link
from letters.replies.models import Reply, ReplyState

Outcome = Literal["sent", "failed", "none"]


def pending(reply: Reply) -> bool:
    """The writer asked for a notice of this delivered reply, has not been sent one, and the app
    can send mail."""
    letter = reply.letter
    return (
        mail_configured()
        and reply.state == ReplyState.DELIVERED
        and reply.notified_at is None
        and letter is not None
        and bool(letter.notify_email)
    )


def unsent(session: Session) -> list[Reply]:
    """Delivered replies whose notice could not be sent (the Replies page offers to retry)."""
    if not mail_configured():
        return []
    return list(
        session.scalars(
            select(Reply)
            .join(QueuedLetter, Reply.letter_id == QueuedLetter.id)
            .where(
                Reply.state == ReplyState.DELIVERED,
                Reply.notified_at.is_(None),
                QueuedLetter.notify_email.is_not(None),
            )
            .order_by(Reply.confirmed_at)
        )
    )


def send_notice(session: Session, reply: Reply) -> Outcome:
    """Mail the writer of the delivered ``reply`` their private link, if they asked for it and
    mail is configured: "sent", "failed" (tried; the address stays for another try) or "none".

    Commits: the reply is marked as being notified before the message goes, so that a second
    volunteer pressing the button at the same moment sends nothing.
    """
    if not pending(reply):
        return "none"
    taken = session.execute(
        update(Reply)
        .where(Reply.id == reply.id, Reply.notified_at.is_(None))
        .values(notified_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if taken.rowcount != 1:
        return "none"
    letter = reply.letter
    try:
        send_mail(letter.notify_email, _subject(), _body(reply_link(letter)))
    except MailError:
        reply.notified_at = None
        session.commit()
        return "failed"
    letter.notify_email = None  # kept for this message only
    session.commit()
    return "sent"


def _subject() -> str:
    return in_russian_and_english(lambda: _("A reply to your letter has arrived"), " / ")


def _body(link: str) -> str:
    return in_russian_and_english(
        lambda: _(
            "A reply to the letter you wrote through letters has arrived. Open it with "
            "your private link:\n\n%(link)s\n\nThe link is the only key to the reply: "
            "do not pass it on. This is the only message we send; your e-mail address "
            "is now deleted.",
            link=link,
        ),
        MESSAGE_PARTS,
    )
