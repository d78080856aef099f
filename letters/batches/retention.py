"""Forget what writers told us once it is no longer needed.

``RETENTION_DAYS`` after a letter is posted, its text, the writer's name and return address
are deleted. What stays is that the prisoner received a letter on that date, which the
fewest-letters suggestion counts.
"""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from letters.batches.models import LetterStatus, QueuedLetter
from letters.database import utcnow

PERSONAL_FIELDS = ("text", "greeting", "signature", "sender_name", "sender_address")
PURGE_INTERVAL_SECONDS = 3600


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
    session.commit()
    return result.rowcount


class PurgeSchedule:
    """Runs ``purge`` at most once an hour per process, from an ordinary request.

    No scheduler to deploy: any app server that gets traffic keeps the promise, and the purge
    is an idempotent UPDATE, so several servers doing it is harmless.
    """

    def __init__(self, interval: float = PURGE_INTERVAL_SECONDS):
        self.interval = interval
        self._last = float("-inf")
        self._lock = threading.Lock()

    def due(self) -> bool:
        """True (once) when an interval has passed since the last run."""
        with self._lock:
            now = time.monotonic()
            if now - self._last < self.interval:
                return False
            self._last = now
            return True
