"""Forget what writers told us once it is no longer needed.

``RETENTION_DAYS`` after a letter is posted, its text, the writer's name and return address
are deleted, and so are the stored batch zips holding them. What stays is that the prisoner
received a letter on that date, which the fewest-letters suggestion counts. The ``purge_letters``
job runs this hourly (``letters.jobs``).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from letters.batches import storage
from letters.batches.models import LetterStatus, QueuedLetter
from letters.database import utcnow

PERSONAL_FIELDS = (
    "text", "greeting", "signature", "sender_name", "sender_name_cyrillic", "sender_address",
)  # fmt: skip


def purge(session: Session, retention_days: int, today: date | None = None) -> int:
    """Delete personal data of letters posted (or returned) before the cut-off; how many."""
    cutoff = (today or date.today()) - timedelta(days=retention_days)
    result = session.execute(
        update(QueuedLetter)
        .where(
            QueuedLetter.status.in_([LetterStatus.POSTED, LetterStatus.RETURNED]),
            QueuedLetter.posted_on <= cutoff,
            QueuedLetter.purged_at.is_(None),
        )
        .values(dict.fromkeys(PERSONAL_FIELDS, None) | {"purged_at": utcnow()})
        .execution_options(synchronize_session=False)
    )
    # The batch zips hold the same texts: they go too (storage.forget_purged).
    storage.forget_purged(session)
    session.commit()
    return result.rowcount
