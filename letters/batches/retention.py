"""Forget what writers told us once it is no longer needed.

``RETENTION_DAYS`` after a letter is posted, its text, the writer's name and return address
are deleted, and so are the stored batch zips holding them; then the database is made to drop
its old copies of both (see ``_forget_pages``). What stays is that the prisoner received a
letter on that date, which the fewest-letters suggestion counts. The ``purge_letters`` job runs
this hourly (``letters.jobs``).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from letters.batches import storage
from letters.batches.models import Batch, BatchFileChunk, LetterStatus, QueuedLetter
from letters.database import utcnow
from letters.draft import personal_columns
from letters.translating.models import (
    TRANSLATION_PERSONAL_FIELDS,
    AfterTranslation,
    Translation,
    TranslationState,
)

log = logging.getLogger(__name__)

PERSONAL_FIELDS = personal_columns()
# The tables a purge rewrites or deletes from: PostgreSQL must rewrite their files.
PURGED_TABLES = (
    QueuedLetter.__tablename__,
    BatchFileChunk.__tablename__,
    Translation.__tablename__,
)


def purge(session: Session, retention_days: int, today: date | None = None) -> int:
    """Delete personal data of letters posted (or returned) before the cut-off; how many.

    With :func:`forget_letter`, the one place that forgets letters: the texts and writers'
    details, the stored files of their batches, and the old bytes the database keeps of both.
    """
    cutoff = (today or date.today()) - timedelta(days=retention_days)
    # A translated letter its writer asked back is never posted by volunteers: it is kept as
    # long after its translation.
    asked_back = select(Translation.letter_id).where(
        Translation.after == AfterTranslation.WRITER,
        Translation.state == TranslationState.TRANSLATED,
        func.date(Translation.translated_at) <= cutoff,
    )
    result = session.execute(
        update(QueuedLetter)
        .where(
            or_(
                and_(
                    QueuedLetter.status.in_([LetterStatus.POSTED, LetterStatus.RETURNED]),
                    QueuedLetter.posted_on <= cutoff,
                ),
                QueuedLetter.id.in_(asked_back),
            ),
            QueuedLetter.purged_at.is_(None),
        )
        .values(dict.fromkeys(PERSONAL_FIELDS, None) | {"purged_at": utcnow()})
        .execution_options(synchronize_session=False)
    )
    # The batch zips hold the same texts: they go too (storage.forget_purged).
    storage.forget_purged(session)
    _forget_translations(session)
    session.commit()
    if result.rowcount:
        _forget_pages(session)
    return result.rowcount


def forget_letter(session: Session, letter: QueuedLetter) -> None:
    """Delete one letter's personal data now, its typed address too, and the old bytes the
    database keeps of it: a letter cancelled before it was ever printed. Commits."""
    for name in (*PERSONAL_FIELDS, "address_text"):
        setattr(letter, name, None)
    letter.purged_at = utcnow()
    session.flush()
    _forget_translations(session)
    session.commit()
    _forget_pages(session)


def _forget_translations(session: Session) -> None:
    """Empty the original and the Russian of every purged letter's translation: they are the
    letter's text too."""
    session.execute(
        update(Translation)
        .where(
            Translation.letter_id.in_(
                select(QueuedLetter.id).where(QueuedLetter.purged_at.is_not(None))
            ),
            or_(*(getattr(Translation, name).is_not(None) for name in TRANSLATION_PERSONAL_FIELDS)),
        )
        .values(dict.fromkeys(TRANSLATION_PERSONAL_FIELDS, None))
        .execution_options(synchronize_session=False)
    )


def is_purged(batch: Batch) -> bool:
    """True when the letters of ``batch`` were purged: its files must never be made again."""
    return any(letter.purged_at is not None for letter in batch.letters)


def _forget_pages(session: Session) -> None:
    """Make the database drop the old versions of the purged rows.

    SQLite: connections zero deleted content (``secure_delete``, see letters.database); the
    write-ahead log still holds the old pages until a checkpoint copies it back and truncates
    it. PostgreSQL: an UPDATE or DELETE leaves the old row as a dead tuple, and plain VACUUM
    only marks its space free (the bytes stay in the file); VACUUM FULL writes the table to a
    new file. WAL archives and backups are the operator's (README, "Personal data").
    """
    engine = session.get_bind()
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            elif engine.dialect.name == "postgresql":
                # Wait at most this long for readers; on a timeout, autovacuum frees the space
                # later and the next purge that deletes anything rewrites the file.
                connection.exec_driver_sql("SET lock_timeout = '10s'")
                for table in PURGED_TABLES:
                    connection.execute(text(f"VACUUM (FULL) {table}"))
    except OperationalError as error:
        log.warning("purge: the database kept old row versions for now (%s)", type(error).__name__)
