"""Whether the post reaches a prisoner: letters posted to them, come back, and answered.

Coordinators see it beside returned mail (``letters.directory.signals.prisoner_mail``): a
prisoner who answers is reachable; letters that come back ask for the address to be checked.
Letters count after their personal data is purged (the rows stay), replies after their pages
are forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from letters.batches.models import LetterStatus, QueuedLetter
from letters.replies import inbox


@dataclass(frozen=True)
class Tally:
    posted: int
    returned: int
    replies: int


def tallies(session: Session, prisoner_ids) -> dict[int, Tally]:
    """The tally of each of these prisoners who was ever posted a letter or answered one."""
    ids = list(prisoner_ids)
    letters = session.execute(
        select(
            QueuedLetter.prisoner_id,
            func.count(QueuedLetter.id),
            func.sum(case((QueuedLetter.status == LetterStatus.RETURNED, 1), else_=0)),
        )
        .where(QueuedLetter.prisoner_id.in_(ids), QueuedLetter.posted_on.is_not(None))
        .group_by(QueuedLetter.prisoner_id)
    ).all()
    posted = {prisoner_id: (count, returned or 0) for prisoner_id, count, returned in letters}
    replies = inbox.counts_by_prisoner(session, ids)
    return {
        prisoner_id: Tally(*posted.get(prisoner_id, (0, 0)), replies.get(prisoner_id, 0))
        for prisoner_id in set(posted) | set(replies)
    }


def mail_lines(session: Session, prisoner_ids) -> dict[int, Markup]:
    """Receiver of ``prisoner_mail``: one line a prisoner, «posted 3 · came back 1 · replies 2»."""
    return {
        prisoner_id: Markup(render_template("replies/_tally.html", tally=tally).strip())
        for prisoner_id, tally in tallies(session, prisoner_ids).items()
    }
