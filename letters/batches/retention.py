"""Forget what writers told us once it is no longer needed.

``RETENTION_DAYS`` after a letter is posted, its text, the writer's name and return address
are deleted, and so are the stored batch zips holding them and the volunteer's words on its
return (the reason stamped stays). The same span after a report of an inaccuracy is handled,
the reporter's note goes (it may hold their e-mail); after an evening is held, its name (the
date takes its place). Then the database is made to drop its old copies of all of them (see
``forget_pages``). What stays is that the prisoner received a letter on that date, which the
fewest-letters suggestion counts. The ``purge_letters`` job runs this hourly (``letters.jobs``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from letters.batches import storage
from letters.batches.models import (
    BatchFileChunk,
    LetterEvent,
    LetterStatus,
    QueuedLetter,
    return_note,
)
from letters.database import utcnow
from letters.draft import personal_columns
from letters.evenings.models import Evening
from letters.replies import inbox
from letters.reports.models import InaccuracyReport
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
    tuple(
        model.__tablename__
        for model in (
            QueuedLetter,
            BatchFileChunk,
            LetterEvent,
            InaccuracyReport,
            Evening,
            Translation,
        )
    )
    + inbox.FORGOTTEN_TABLES
)


def purge_as_configured(session: Session, config: Mapping[str, Any]) -> int:
    """:func:`purge` with the spans the app is configured with (the job and ``letters purge``)."""
    return purge(
        session,
        config["RETENTION_DAYS"],
        reply_wait_days=config["REPLY_WAIT_DAYS"],
        reply_retention_days=config["REPLY_RETENTION_DAYS"],
        reply_keep_days=config["REPLY_KEEP_DAYS"],
    )


def purge(
    session: Session,
    retention_days: int,
    today: date | None = None,
    *,
    reply_wait_days: int | None = None,
    reply_retention_days: int | None = None,
    reply_keep_days: int | None = None,
) -> int:
    """Delete personal data of letters posted (or returned) before the cut-off; how many.

    With :func:`forget_letter`, the one place that forgets letters: the texts and writers'
    details, the stored files of their batches, and the old bytes the database keeps of both.
    The e-mail for a reply's notice goes ``reply_wait_days`` after posting (a reply comes
    weeks after the letter; None: with the rest). A reply's pages go ``reply_retention_days``
    after its writer first opened it and at the latest ``reply_keep_days`` after it arrived
    (``letters.replies.inbox.forget_due``; None: ``retention_days``).
    """
    today = today or date.today()
    cutoff = today - timedelta(days=retention_days)
    email_cutoff = today - timedelta(
        days=retention_days if reply_wait_days is None else reply_wait_days
    )
    emails = session.execute(
        _posted_by(email_cutoff)
        .where(QueuedLetter.notify_email.is_not(None))
        .values(notify_email=None)
    )
    # A translated letter its writer asked back is never posted by volunteers: it is kept as
    # long after its translation.
    asked_back = select(Translation.letter_id).where(
        Translation.after == AfterTranslation.WRITER,
        Translation.state == TranslationState.TRANSLATED,
        func.date(Translation.translated_at) <= cutoff,
    )
    result = session.execute(
        _posted_by(cutoff, also=asked_back)
        .where(QueuedLetter.purged_at.is_(None))
        .values(dict.fromkeys(PERSONAL_FIELDS, None) | {"purged_at": utcnow()})
    )
    # The batch zips hold the same texts: they go too (storage.forget_purged).
    storage.forget_purged(session)
    _forget_translations(session)
    forgotten = _forget_return_notes(session) + _forget_reporters_notes(session, cutoff)
    forgotten += _forget_evening_names(session, cutoff)
    forgotten += inbox.forget_due(
        session,
        retention_days if reply_retention_days is None else reply_retention_days,
        retention_days if reply_keep_days is None else reply_keep_days,
        today,
    )
    session.commit()
    if result.rowcount or emails.rowcount or forgotten:
        forget_pages(session)
    return result.rowcount


def _forget_return_notes(session: Session) -> int:
    """A purged letter's return keeps its reason and loses the volunteer's words; how many."""
    events = session.scalars(
        select(LetterEvent)
        .join(QueuedLetter, LetterEvent.letter_id == QueuedLetter.id)
        .where(
            LetterEvent.status == LetterStatus.RETURNED,
            LetterEvent.note.is_not(None),
            QueuedLetter.purged_at.is_not(None),
        )
    )
    changed = 0
    for event in events:
        kept = return_note(event.letter.returned_reason)
        if event.note != kept:
            event.note = kept
            changed += 1
    return changed


def _forget_reporters_notes(session: Session, cutoff: date) -> int:
    """Notes of reports handled on or before ``cutoff``; how many."""
    result = session.execute(
        update(InaccuracyReport)
        .where(
            InaccuracyReport.handled_at < datetime.combine(cutoff + timedelta(days=1), time(), UTC),
            InaccuracyReport.note.is_not(None),
        )
        .values(note=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _forget_evening_names(session: Session, cutoff: date) -> int:
    """Names of evenings held on or before ``cutoff``, replaced by their date; how many."""
    changed = 0
    for evening in session.scalars(select(Evening).where(Evening.held_on <= cutoff)):
        if evening.name != evening.held_on.isoformat():
            evening.name = evening.held_on.isoformat()
            changed += 1
    return changed


def _posted_by(cutoff: date, also=None):
    """An UPDATE of the letters posted (or returned) on or before ``cutoff``, and of the letters
    ``also`` selects (ids)."""
    posted = and_(
        QueuedLetter.status.in_([LetterStatus.POSTED, LetterStatus.RETURNED]),
        QueuedLetter.posted_on <= cutoff,
    )
    return (
        update(QueuedLetter)
        .where(posted if also is None else or_(posted, QueuedLetter.id.in_(also)))
        .execution_options(synchronize_session=False)
    )


def forget_letter(session: Session, letter: QueuedLetter) -> None:
    """Delete one letter's personal data now, its typed address too, and the old bytes the
    database keeps of it: a letter cancelled before it was ever printed. Commits."""
    for name in (*PERSONAL_FIELDS, "address_text", "notify_email"):
        setattr(letter, name, None)
    letter.purged_at = utcnow()
    session.flush()
    _forget_translations(session)
    session.commit()
    forget_pages(session)


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


def forget_pages(session: Session) -> None:
    """Make the database drop the old versions of the purged rows.

    SQLite: connections zero deleted content (``secure_delete``, see letters.database); the
    write-ahead log still holds the old pages until a checkpoint copies it back and truncates
    it. PostgreSQL: an UPDATE or DELETE leaves the old row as a dead tuple, and plain VACUUM
    only marks its space free (the bytes stay in the file); VACUUM FULL writes the table to a
    new file. Its write-ahead log still holds the old rows until a checkpoint lets the server
    remove the segments: the purge closes the current segment and checkpoints when the
    database role may (see ``_checkpoint_postgresql``). WAL archives and backups are the
    operator's (README, "Personal data").
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
                _checkpoint_postgresql(connection)
    except OperationalError as error:
        log.warning("purge: the database kept old row versions for now (%s)", type(error).__name__)


def _checkpoint_postgresql(connection) -> None:
    """Close the WAL segment holding the purged rows and checkpoint, after which the server
    removes that segment (with ``wal_recycle = off``; recycled, it is overwritten in time).
    Needs PostgreSQL 15's ``pg_checkpoint`` role and EXECUTE on ``pg_switch_wal`` (or a
    superuser); without them the rows leave pg_wal only as the server recycles it (README)."""
    for statement in ("SELECT pg_switch_wal()", "CHECKPOINT"):
        try:
            connection.exec_driver_sql(statement)
        except DBAPIError as error:
            if isinstance(error, OperationalError):
                raise
            log.warning(
                "purge: %s is not permitted to this database role (%s); purged rows stay in "
                "the write-ahead log until the server recycles it (README, Personal data)",
                statement.removeprefix("SELECT "),
                type(error.orig).__name__,
            )
            return
