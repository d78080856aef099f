"""Which queued letters must wait, and why: they are shown apart and never put in a batch."""

from __future__ import annotations

from sqlalchemy import and_, or_
from sqlalchemy.sql import ColumnElement

from letters.batches.models import QueuedLetter
from letters.directory.models import Prisoner, PrisonerStatus
from letters.messages import N_

HOLD_REASONS = {
    "released": N_("The prisoner has been released."),
    "deceased": N_("The prisoner has died."),
    "transferred": N_("The prisoner was transferred and the new address is not known yet."),
    "no_address": N_("No postal address is known for the prisoner."),
    "no_recipient": N_("The recipient is no longer in the directory."),
}


def hold_reason(letter: QueuedLetter) -> str | None:
    """Why ``letter`` cannot be printed now (a HOLD_REASONS key), or None when it can."""
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
    return None


def printable_condition() -> ColumnElement[bool]:
    """SQL for "not held" (the same rule as hold_reason), for claiming in the database.

    Needs ``QueuedLetter`` outer-joined to ``Prisoner``.
    """
    return or_(
        and_(QueuedLetter.prisoner_id.is_(None), QueuedLetter.address_text.is_not(None)),
        and_(
            Prisoner.facility_id.is_not(None),
            Prisoner.status.in_([PrisonerStatus.REMAND, PrisonerStatus.COLONY]),
        ),
    )
