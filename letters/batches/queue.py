"""Putting letters in the queue and recording what happens to them."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from letters.batches.holds import NOTE_WITHDRAWN, hold_reason, take_out_of_queue
from letters.batches.models import (
    LetterEvent,
    LetterStatus,
    QueuedLetter,
    new_reference,
    new_reply_code,
    reply_code_as_typed,
)
from letters.directory.models import Prisoner
from letters.draft import REPLIES_ORGANISATION, Draft
from letters.messages import N_, coded
from letters.pdf.layout import DEFAULT_ENVELOPE  # imported letters are laid out on it

REFERENCE_ATTEMPTS = 5
NOTE_IMPORTED = N_("imported from %(file)s")


def waiting(
    session: Session, typed_address: str
) -> tuple[dict[tuple[str, str], list[QueuedLetter]], list[tuple[QueuedLetter, str]]]:
    """The letters waiting for volunteers, oldest first: the printable ones grouped by (region,
    facility) in that order (``typed_address`` names the group of letters addressed by hand),
    and the held ones apart with their reason (a ``HOLD_REASONS`` key)."""
    from letters.evenings.models import EveningLetter

    queued = session.scalars(
        select(QueuedLetter)
        .where(QueuedLetter.status == LetterStatus.QUEUED)
        # An evening's letters wait for its organiser (letters.evenings), not in this queue.
        .where(QueuedLetter.id.not_in(select(EveningLetter.letter_id)))
        .order_by(QueuedLetter.created_at)
    ).all()
    groups: dict[tuple[str, str], list[QueuedLetter]] = defaultdict(list)
    held: list[tuple[QueuedLetter, str]] = []
    for letter in queued:
        reason = hold_reason(letter)
        if reason:
            held.append((letter, reason))
            continue
        facility = letter.prisoner.facility if letter.prisoner else None
        key = (facility.region or "", facility.name) if facility else ("", typed_address)
        groups[key].append(letter)
    return dict(sorted(groups.items())), held


def letters_received(session: Session, prisoner_ids: list[int] | None = None) -> dict[int, int]:
    """Letters queued through this app for each prisoner (any status), by prisoner id: for
    ``prisoner_ids`` only, or everyone."""
    query = select(QueuedLetter.prisoner_id, func.count(QueuedLetter.id))
    if prisoner_ids is None:
        query = query.where(QueuedLetter.prisoner_id.is_not(None))
    elif not prisoner_ids:
        return {}
    else:
        query = query.where(QueuedLetter.prisoner_id.in_(prisoner_ids))
    return dict(session.execute(query.group_by(QueuedLetter.prisoner_id)).all())


def enqueue(session: Session, prisoner: Prisoner, draft: Draft) -> QueuedLetter:
    """Queue a letter for volunteers; the envelope is addressed from the directory at print time.

    Flushes; the caller commits, together with whatever else belongs to the letter (its
    evening, its form token), so that nothing is left half-done.
    """
    for _ in range(REFERENCE_ATTEMPTS):
        letter = QueuedLetter(
            reference=new_reference(),
            prisoner=prisoner,
            queued_facility_id=prisoner.facility_id,
            **with_reply_code(draft).queued_columns(QueuedLetter),
        )
        letter.events.append(LetterEvent(status=LetterStatus.QUEUED))
        try:
            # A savepoint: a reference collision undoes this letter only, not the caller's work.
            with session.begin_nested():
                session.add(letter)
            return letter
        except IntegrityError:  # a reference collision: 31^8 codes make this vanishingly rare
            continue
    raise RuntimeError("could not find a free reference code")


class NotWithdrawable(Exception):
    """A batch has taken the letter (or it is cancelled already): it can no longer be withdrawn."""


def withdraw(session: Session, letter: QueuedLetter) -> None:
    """The writer takes back a letter no batch has taken: it is cancelled and forgotten at once,
    like a purged letter. Raises :class:`NotWithdrawable` otherwise. Commits (forgetting needs
    the change committed before the database drops its old pages)."""
    if not take_out_of_queue(session, letter, None, NOTE_WITHDRAWN):
        raise NotWithdrawable(letter.reference)


def with_reply_code(draft: Draft) -> Draft:
    """The draft with a new reply code when its replies go through the organisation (and no
    address of the writer's: the code is the way back), else with none."""
    code = new_reply_code() if draft.replies == REPLIES_ORGANISATION else None
    return dataclasses.replace(draft, reply_code=code)


def find_by_reference(session: Session, code: str) -> QueuedLetter | None:
    """The letter with this reference, however the writer typed it (case, spaces, dash)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(cleaned) != 8:
        return None
    reference = f"{cleaned[:4]}-{cleaned[4:]}"
    return session.query(QueuedLetter).filter_by(reference=reference).one_or_none()


def find_by_reply_code(session: Session, code: str) -> QueuedLetter | None:
    """The letter with this reply code, however it was typed (case, spaces, dashes)."""
    grouped = reply_code_as_typed(code)
    if grouped is None:
        return None
    return session.query(QueuedLetter).filter_by(reply_code=grouped).one_or_none()


@dataclass
class ImportOutcome:
    """What ``import_letters`` did: references of queued letters, records failed or held."""

    queued: list[tuple[int, str]] = field(default_factory=list)  # (record number, reference)
    # Record number → the private reply link's token (replies through the organisation).
    reply_links: dict[int, str] = field(default_factory=dict)
    failed: list[tuple[int, int, str]] = field(default_factory=list)  # (number, line, reason)
    held: list[tuple[int, int, str]] = field(default_factory=list)  # (number, line, reason)
    written: bool = False


def import_letters(
    session: Session, path: Path, *, skip_bad: bool = False, from_abroad: bool = False
) -> ImportOutcome:
    """Queue the letters of a CSV or JSON Lines file (the ``letters render`` format).

    Every record is checked as for printing: the language, the recipient (an address block or
    a prisoner in the directory) and the envelope, laid out as it will be printed, so that no
    letter is accepted that a batch could not print. A record whose address has words that
    were not understood is *held*: not queued, reported with the words. By default one bad or
    held record stops the import and nothing is queued; with ``skip_bad`` the good ones are
    queued and the others reported. Whether each letter goes from abroad is decided from its
    sender's address (``from_abroad`` forces it).
    """
    from letters.bulk.records import check_printable, read_records, resolve_record
    from letters.pdf.errors import PdfError
    from letters.replies.access import link_token
    from letters.replies.address import current_block

    outcome = ImportOutcome()
    organisation = current_block(session)
    resolved = [
        resolve_record(
            record,
            session,
            from_abroad=from_abroad,
            organisation=organisation,
            reply_code=new_reply_code,
        )
        for record in read_records(path)
    ]
    for result in resolved:
        if result.item is not None and not result.errors and not result.held:
            try:
                check_printable(result.item, DEFAULT_ENVELOPE, letter=False)
            except PdfError as error:
                result.errors.append(error.message("en"))
        where = (result.record.number, result.record.line)
        if result.errors:
            outcome.failed.append((*where, "; ".join(result.errors)))
        elif result.held:
            outcome.held.append((*where, "; ".join(result.held)))
    if (outcome.failed or outcome.held) and not skip_bad:
        return outcome
    for result in resolved:
        if not result.ok:
            continue
        record = result.record
        letter = QueuedLetter(
            reference=new_reference(),
            prisoner_id=result.prisoner_id,
            address_text=None if result.prisoner_id else record.to,
            **result.draft.queued_columns(QueuedLetter),
        )
        if result.prisoner_id:
            letter.queued_facility_id = session.get(Prisoner, result.prisoner_id).facility_id
        letter.events.append(
            LetterEvent(status=LetterStatus.QUEUED, note=coded(NOTE_IMPORTED, file=path.name))
        )
        session.add(letter)
        session.flush()
        outcome.queued.append((record.number, letter.reference))
        if letter.reply_code:
            outcome.reply_links[record.number] = link_token(letter.reply_code)
    session.commit()
    outcome.written = True
    return outcome
