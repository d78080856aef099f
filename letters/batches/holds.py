"""Which queued letters must wait, and why: they are shown apart and never put in a batch."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import and_, or_
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from letters.batches.models import Batch, LetterEvent, LetterStatus, QueuedLetter
from letters.directory.models import Prisoner, PrisonerStatus
from letters.directory.presenter import address_unchecked
from letters.messages import N_, translator

HOLD_REASONS = {
    "released": N_("The prisoner has been released."),
    "deceased": N_("The prisoner has died."),
    "transferred": N_("The prisoner was transferred and the new address is not known yet."),
    "no_address": N_("No postal address is known for the prisoner."),
    "no_recipient": N_("The recipient is no longer in the directory."),
    "unchecked": N_(
        "Part of the published address was not understood; a coordinator must check it."
    ),
    "unprintable": N_("It was set aside from a batch because it cannot be printed as it is."),
}


@dataclass(frozen=True)
class Reason:
    """A translatable message kept in the database: why a letter cannot be printed."""

    msgid: str
    params: dict[str, str] = field(default_factory=dict)
    translated: tuple[str, ...] = ()  # params that are message ids themselves («recipient's …»)

    @classmethod
    def of(cls, error: Exception) -> Reason:
        """The reason carried by a renderer or address error (``msgid`` and ``params``)."""
        msgid = getattr(error, "msgid", None) or str(error)
        params = {k: str(v) for k, v in (getattr(error, "params", None) or {}).items()}
        return cls(msgid, params, tuple(getattr(error, "translated_params", ())))

    def message(self, locale: str | None) -> str:
        """The message in ``locale``."""
        gettext = translator(locale)
        params = {k: gettext(v) if k in self.translated else v for k, v in self.params.items()}
        text = gettext(self.msgid)
        return text % params if params and "%(" in text else text

    def dumps(self) -> str:
        """For ``QueuedLetter.held_reason``."""
        data = {"msgid": self.msgid, "params": self.params, "translated": list(self.translated)}
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def loads(cls, stored: str) -> Reason:
        """From ``QueuedLetter.held_reason`` (plain text kept as it is)."""
        try:
            data = json.loads(stored)
            return cls(data["msgid"], data.get("params") or {}, tuple(data.get("translated", ())))
        except (ValueError, KeyError, TypeError):
            return cls(stored)


def set_aside(
    session: Session, batch: Batch, letters: Iterable[tuple[QueuedLetter, Reason | None]]
) -> int:
    """Take letters that cannot be printed out of ``batch``, back into the queue, held.

    A letter with a ``Reason`` keeps it and waits (no batch takes it); without one (its
    recipient changed since the claim: released, transferred) it simply waits for the
    directory, like any letter to that person. Each gets an event naming the batch. Flushes;
    the caller commits.
    """
    count = 0
    for letter, reason in letters:
        note = f"set aside from batch {batch.id}"
        if reason is not None:
            letter.held_reason = reason.dumps()
            note += f": {reason.message('en')}"
        letter.status = LetterStatus.QUEUED
        letter.batch_id = None
        letter.batch_position = None
        session.add(
            LetterEvent(letter_id=letter.id, batch_id=batch.id, status=LetterStatus.QUEUED,
                        note=note[:300])
        )  # fmt: skip
        count += 1
    session.flush()
    return count


def hold_reason(letter: QueuedLetter) -> str | None:
    """Why ``letter`` cannot be printed now (a HOLD_REASONS key), or None when it can."""
    if letter.held_reason:
        return "unprintable"
    prisoner = letter.prisoner
    if prisoner is None:
        return None if letter.address_text else "no_recipient"
    if prisoner.status is PrisonerStatus.RELEASED:
        return "released"
    if prisoner.status is PrisonerStatus.DECEASED:
        return "deceased"
    if prisoner.status is PrisonerStatus.TRANSFERRED:
        return "transferred"
    if prisoner.facility_id is None or not prisoner.status.can_receive_post:
        return "no_address"
    if address_unchecked(prisoner):
        return "unchecked"
    return None


def printable_condition() -> ColumnElement[bool]:
    """SQL for "not held" (the same rule as hold_reason), for claiming in the database.

    Needs ``QueuedLetter`` outer-joined to ``Prisoner``.
    """
    return and_(
        QueuedLetter.held_reason.is_(None),
        or_(
            and_(QueuedLetter.prisoner_id.is_(None), QueuedLetter.address_text.is_not(None)),
            and_(
                Prisoner.facility_id.is_not(None),
                Prisoner.status.in_([PrisonerStatus.REMAND, PrisonerStatus.COLONY]),
                or_(
                    Prisoner.needs_review.is_(None),
                    Prisoner.needs_review.not_like("%address_unplaced%"),
                ),
            ),
        ),
    )
