"""Replies that came back: stored, matched to their letters, confirmed, served and forgotten.

A reply arrives as pages read by ``letters.replies.intake`` (re-encoded images and the reply
codes found in their QR codes). It is matched to the letter whose reply code it carries —
read from a QR code or typed by the volunteer — and waits for a volunteer to confirm the match
before the writer sees anything; without a letter it waits on the list to resolve. Its images
are kept in the database in slices (``letters.slices``, like batch files), so that every app
server serves them, and are deleted on time by :func:`forget_due`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from letters import slices
from letters.batches.models import QueuedLetter, reply_code_as_typed
from letters.database import utcnow
from letters.messages import N_, TranslatableError
from letters.replies.models import Reply, ReplyPage, ReplyPageChunk, ReplyState

if TYPE_CHECKING:
    from letters.replies.intake import ReadScan

# The tables forgetting rewrites: the purge makes the database drop their old pages too.
FORGOTTEN_TABLES = tuple(model.__tablename__ for model in (Reply, ReplyPage, ReplyPageChunk))


class CodeRefused(TranslatableError):
    """A reply code that cannot be given to this reply (nothing is stored)."""


class NotAReplyCode(CodeRefused):
    msgid = N_(
        "«%(code)s» is not a reply code: a reply code has 12 letters and digits, "
        "like K7QM-4ZPA-H3XT."
    )


class NoLetterWithCode(CodeRefused):
    msgid = N_(
        "No letter has the reply code %(code)s. Check it against the reply, or leave the code "
        "empty to keep the reply on the list to resolve."
    )


class ReplyWaiting(CodeRefused):
    msgid = N_(
        "A reply to the letter with the reply code %(code)s, received on %(date)s, is waiting to "
        "be confirmed on the Replies page: confirm or refuse it first. Upload every page of a "
        "reply together."
    )


class AlreadyReceived(CodeRefused):
    msgid = N_(
        "These pages were already received on %(date)s: the same picture is stored as page "
        "%(number)s of a reply. Nothing was stored again."
    )


class NotWaiting(CodeRefused):
    msgid = N_("This reply is no longer waiting for that: someone else has just handled it.")


@dataclass(frozen=True)
class Received:
    """What :func:`receive` did with a reply."""

    reply: Reply
    outcome: Literal["matched", "unmatched"]


def receive(
    session: Session,
    scan: ReadScan,
    *,
    typed_code: str | None = None,
    received_by_id: int | None = None,
    via: Literal["upload", "import"] = "upload",
) -> Received:
    """Store a reply's pages and match it: to the typed code's letter when a code is typed,
    else to the first QR code that is a letter's. Flushes; the caller commits.

    Raises :class:`CodeRefused`, and stores nothing, for a typed code that is not one or is no
    letter's, for a letter (typed or read) whose earlier reply still waits for confirmation,
    and for an upload whose every page is stored already (the same files again). A prisoner
    who answers the same letter again, once the first reply is confirmed, is a new reply to it.
    """
    digests = [hashlib.sha256(page.data).hexdigest() for page in scan.pages]
    _not_received_before(session, digests)
    code_read = None
    if typed_code is not None and typed_code.strip():
        letter = letter_for_code(session, typed_code)
    else:
        letter = None
        for code in scan.codes:
            if (found := _letter_with(session, code)) is not None:
                letter = _not_waiting(session, found)
                break
        else:
            code_read = scan.codes[0] if scan.codes else None
    reply = Reply(
        state=ReplyState.TO_CONFIRM if letter else ReplyState.UNMATCHED,
        letter_id=letter.id if letter else None,
        prisoner_id=letter.prisoner_id if letter else None,
        code_read=code_read,
        received_via=via,
        received_by_id=received_by_id,
        received_at=utcnow(),
        page_count=len(scan.pages),
    )
    session.add(reply)
    session.flush()
    for number, (page, digest) in enumerate(zip(scan.pages, digests, strict=True), start=1):
        row = ReplyPage(
            reply_id=reply.id,
            number=number,
            media_type=page.media_type,
            width=page.width,
            height=page.height,
            size=len(page.data),
            sha256=digest,
        )
        session.add(row)
        session.flush()
        session.add_all(
            ReplyPageChunk(page_id=row.id, part=part, data=data)
            for part, data in slices.slices(page.data)
        )
    session.flush()
    return Received(reply, "matched" if letter else "unmatched")


def letter_for_code(session: Session, typed: str) -> QueuedLetter:
    """The letter a typed reply code names, unless an earlier reply to it still waits for
    confirmation; else CodeRefused."""
    code = reply_code_as_typed(typed)
    if code is None:
        raise NotAReplyCode(code=" ".join(typed.split())[:40])
    letter = _letter_with(session, code)
    if letter is None:
        raise NoLetterWithCode(code=code)
    return _not_waiting(session, letter)


def _letter_with(session: Session, code: str) -> QueuedLetter | None:
    return session.scalar(select(QueuedLetter).where(QueuedLetter.reply_code == code))


def _not_waiting(session: Session, letter: QueuedLetter) -> QueuedLetter:
    """The letter, unless a reply to it waits for confirmation: a second upload for the same
    code then is most likely more pages of that reply, which belong with it."""
    waiting = session.scalar(
        select(Reply.received_at)
        .where(Reply.letter_id == letter.id, Reply.state == ReplyState.TO_CONFIRM)
        .limit(1)
    )
    if waiting is not None:
        raise ReplyWaiting(code=letter.reply_code, date=_day(waiting).isoformat())
    return letter


def _not_received_before(session: Session, digests: list[str]) -> None:
    """Refuse an upload whose every page is stored already: the same files uploaded or imported
    twice. One page alike is not enough: a blank page drawn from two PDFs is the same picture."""
    if not digests:
        return
    stored = session.execute(
        select(ReplyPage.sha256, ReplyPage.number, Reply.received_at)
        .join(Reply, ReplyPage.reply_id == Reply.id)
        .where(ReplyPage.sha256.in_(set(digests)))
        .order_by(Reply.received_at, ReplyPage.number)
    ).all()
    if {row.sha256 for row in stored} >= set(digests):
        first = stored[0]
        raise AlreadyReceived(number=first.number, date=_day(first.received_at).isoformat())


def resolve(session: Session, reply: Reply, typed_code: str) -> None:
    """Give an unmatched reply its letter (the volunteer read the code); it then waits for
    confirmation. CodeRefused as in :func:`receive`. Flushes; the caller commits."""
    if reply.state != ReplyState.UNMATCHED:
        raise NotWaiting()
    letter = letter_for_code(session, typed_code)
    reply.letter_id = letter.id
    reply.prisoner_id = letter.prisoner_id
    reply.state = ReplyState.TO_CONFIRM
    session.flush()


def confirm(session: Session, reply: Reply, confirmed_by_id: int | None) -> None:
    """The volunteer checked the match: the writer's page shows the reply from now on."""
    if reply.state != ReplyState.TO_CONFIRM:
        raise NotWaiting()
    reply.state = ReplyState.DELIVERED
    reply.confirmed_at = utcnow()
    reply.confirmed_by_id = confirmed_by_id
    session.flush()


def unmatch(session: Session, reply: Reply) -> None:
    """The match was wrong: the reply goes back on the list to resolve, without a letter."""
    if reply.state != ReplyState.TO_CONFIRM:
        raise NotWaiting()
    reply.letter_id = None
    reply.prisoner_id = None
    reply.state = ReplyState.UNMATCHED
    session.flush()


def delivered_replies(session: Session, letter: QueuedLetter) -> list[Reply]:
    """The replies the writer of ``letter`` may see (delivered, or forgotten: they arrived),
    oldest first."""
    return list(
        session.scalars(
            select(Reply)
            .where(
                Reply.letter_id == letter.id,
                Reply.state.in_([ReplyState.DELIVERED, ReplyState.FORGOTTEN]),
            )
            .order_by(Reply.received_at, Reply.id)
        )
    )


def other_replies(session: Session, reply: Reply) -> list[Reply]:
    """The other replies to ``reply``'s letter (a prisoner may answer more than once), oldest
    first: the volunteer sees that this one is a later answer."""
    if reply.letter_id is None:
        return []
    return list(
        session.scalars(
            select(Reply)
            .where(Reply.letter_id == reply.letter_id, Reply.id != reply.id)
            .order_by(Reply.received_at, Reply.id)
        )
    )


def mark_opened(session: Session, reply: Reply) -> None:
    """The writer has seen the reply: its retention span starts now (the first time only)."""
    if reply.opened_at is None:
        reply.opened_at = utcnow()
        session.flush()


def page_chunks(engine: Engine, page_id: int) -> Iterator[bytes]:
    """A page's image, one slice at a time."""
    return slices.stream(engine, ReplyPageChunk, page_id=page_id)


def page_bytes(engine: Engine, page_id: int) -> bytes:
    """A page's whole image."""
    return b"".join(page_chunks(engine, page_id))


def forget_due(
    session: Session, retention_days: int, keep_days: int, today: date | None = None
) -> int:
    """Delete the pages of replies the writer first opened ``retention_days`` ago, and of every
    reply that arrived ``keep_days`` ago (unmatched ones too); how many. What stays is that a
    reply arrived, on its date. The caller commits and then makes the database drop old pages
    (``letters.batches.retention.forget_pages``)."""
    today = today or date.today()

    def before(days: int) -> datetime:
        return datetime.combine(today - timedelta(days=days - 1), time(), UTC)

    due = select(Reply.id).where(
        Reply.state != ReplyState.FORGOTTEN,
        or_(Reply.opened_at < before(retention_days), Reply.received_at < before(keep_days)),
    )
    ids = list(session.scalars(due))
    if not ids:
        return 0
    pages = select(ReplyPage.id).where(ReplyPage.reply_id.in_(ids))
    session.execute(delete(ReplyPageChunk).where(ReplyPageChunk.page_id.in_(pages)))
    session.execute(delete(ReplyPage).where(ReplyPage.reply_id.in_(ids)))
    session.execute(
        update(Reply)
        .where(Reply.id.in_(ids))
        .values(state=ReplyState.FORGOTTEN, forgotten_at=utcnow(), code_read=None)
        .execution_options(synchronize_session=False)
    )
    return len(ids)


def deleted_on(
    reply: Reply, retention_days: int, keep_days: int, opening: date | None = None
) -> date:
    """The day :func:`forget_due` deletes the reply's pages (or did): ``retention_days`` after
    the writer first opened it, at the latest ``keep_days`` after it arrived. For a reply not
    opened yet, ``opening`` is the day it is taken to be (None: it never is)."""
    if reply.forgotten_at is not None:
        return _day(reply.forgotten_at)
    latest = _day(reply.received_at) + timedelta(days=keep_days)
    opened = _day(reply.opened_at) if reply.opened_at is not None else opening
    if opened is None:
        return latest
    return min(latest, opened + timedelta(days=retention_days))


def _day(moment: datetime) -> date:
    """The UTC day of a stored moment (SQLite hands back naive UTC)."""
    return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()


def counts_by_prisoner(session: Session, prisoner_ids) -> dict[int, int]:
    """How many replies came back from each of these prisoners (forgotten ones count)."""
    rows = session.execute(
        select(Reply.prisoner_id, func.count())
        .where(Reply.prisoner_id.in_(list(prisoner_ids)), Reply.state != ReplyState.UNMATCHED)
        .group_by(Reply.prisoner_id)
    )
    return dict(rows.all())
