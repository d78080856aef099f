"""Returned mail: a posted letter came back with a reason stamped on it.

A volunteer or coordinator records it (web, or ``letters batch returned`` for many at once).
The letter's status becomes ``returned`` with the reason, which the writer's status page shows;
the prisoner's record is flagged for review (it appears on the coordinator's attention list);
and the facility it came back from is counted, so a closed or moved facility shows up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from letters.auth.models import User
from letters.batches import lifecycle
from letters.batches.models import RETURN_REASONS, LetterStatus, QueuedLetter, return_note
from letters.batches.queue import find_by_reference
from letters.directory.models import Facility

# The code the prisoner's record gets in ``needs_review`` (see REVIEW_REASONS).
REVIEW_CODE = "returned_mail"
MAX_NOTE = 200


class ReturnError(ValueError):
    """The return cannot be recorded; ``str()`` says why, in English (for the CLI)."""


@dataclass(frozen=True)
class ReturnRequest:
    """One letter to record as returned: its reference code, reason code and note."""

    reference: str
    reason: str
    note: str = ""


def check_request(session: Session, request: ReturnRequest) -> QueuedLetter:
    """The letter ``request`` names, or :class:`ReturnError` saying what is wrong."""
    if request.reason not in RETURN_REASONS:
        raise ReturnError(f"unknown reason “{request.reason}” (one of {', '.join(RETURN_REASONS)})")
    if request.reason == "other" and not request.note.strip():
        raise ReturnError("reason “other” needs a note saying what is stamped on the letter")
    if len(request.note) > MAX_NOTE:
        raise ReturnError(f"the note is longer than {MAX_NOTE} characters")
    letter = find_by_reference(session, request.reference)
    if letter is None:
        raise ReturnError(f"no letter with the code {request.reference}")
    if letter.status is not LetterStatus.POSTED:
        raise ReturnError(f"letter {letter.reference} is {letter.status.value}, not posted")
    return letter


def record_return(
    session: Session,
    letter: QueuedLetter,
    user: User | None,
    reason: str,
    note: str = "",
    on: date | None = None,
) -> None:
    """Mark the posted ``letter`` returned with ``reason``; flag its prisoner for review."""
    check_request(session, ReturnRequest(letter.reference, reason, note))
    letter.returned_reason = reason
    letter.returned_on = on or date.today()
    prisoner = letter.prisoner
    if prisoner is not None:
        letter.returned_facility_id = prisoner.facility_id
        codes = (prisoner.needs_review or "").split()
        if REVIEW_CODE not in codes:
            prisoner.needs_review = " ".join([*codes, REVIEW_CODE])
    lifecycle.mark_returned(session, letter, user, note=return_note(reason, note))


def record_returns(
    session: Session, requests: Sequence[ReturnRequest], user: User | None
) -> list[QueuedLetter]:
    """Record every request, or none: all are checked first (ReturnError lists each problem)."""
    problems: list[str] = []
    letters: list[QueuedLetter] = []
    seen: set[int] = set()
    for number, request in enumerate(requests, start=1):
        try:
            letter = check_request(session, request)
        except ReturnError as error:
            problems.append(f"entry {number}: {error}")
            continue
        if letter.id in seen:
            problems.append(f"entry {number}: letter {letter.reference} is listed twice")
        seen.add(letter.id)
        letters.append(letter)
    if problems:
        raise ReturnError("; ".join(problems))
    for letter, request in zip(letters, requests, strict=True):
        record_return(session, letter, user, request.reason, request.note)
    return letters


@dataclass(frozen=True)
class FacilityReturns:
    """A facility letters came back from: how many, and when the last one was recorded."""

    facility: Facility
    count: int
    last: date


def facilities_with_returns(session: Session) -> list[FacilityReturns]:
    """Facilities with returned letters, most returns first (for the attention list)."""
    rows = session.execute(
        select(
            QueuedLetter.returned_facility_id,
            func.count(QueuedLetter.id),
            func.max(QueuedLetter.returned_on),
        )
        .where(QueuedLetter.returned_facility_id.is_not(None))
        .group_by(QueuedLetter.returned_facility_id)
        .order_by(func.count(QueuedLetter.id).desc(), QueuedLetter.returned_facility_id)
    ).all()
    facilities = {
        f.id: f
        for f in session.scalars(select(Facility).where(Facility.id.in_([r[0] for r in rows])))
    }
    return [FacilityReturns(facilities[fid], count, last) for fid, count, last in rows]


def parse_return_lines(lines: Iterable[str], default_reason: str | None) -> list[ReturnRequest]:
    """``CODE``, ``CODE,reason`` or ``CODE,reason,note`` a line (blank lines and ``#`` comments
    skipped); a line without a reason takes ``default_reason``."""
    requests = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        reference, _, rest = line.partition(",")
        reason, _, note = rest.partition(",")
        reason = reason.strip() or default_reason
        if not reason:
            raise ReturnError(f"line {number}: no reason and no --reason given")
        requests.append(ReturnRequest(reference.strip().upper(), reason, note.strip()))
    return requests
