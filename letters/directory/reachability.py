"""Can letters be posted to this person at the directory's address, or why not.

One rule, asked by the prisoner's page and card, the envelope's addressing, the queue's holds
and ``letters render``; :func:`reachable_condition` is the same rule in SQL, for claiming
letters in the database, and stands beside it so the two change together. The messages saying
why not are :data:`UNREACHABLE` (the page's notices, the volunteers' holds, a file's errors).
"""

from __future__ import annotations

from sqlalchemy import and_, or_
from sqlalchemy.sql import ColumnElement

from letters.directory.models import Prisoner, PrisonerStatus
from letters.messages import N_

UNREACHABLE = {
    "released": N_("Released: letters to the last address will not reach them."),
    "deceased": N_("This person has died."),
    "transferred": N_(
        "Transferred, and the new address is not known yet. Letters to the old address may be "
        "lost; write through a forwarding service or wait for the new address."
    ),
    "unknown": N_(
        "No postal address is known. You can still write through a forwarding service, "
        "which addresses the letter for you."
    ),
    "unchecked": N_(
        "Part of the published address was not understood. Until a coordinator has checked it, "
        "letters are not printed to it; you can still write through a forwarding service."
    ),
}
# The statuses under which a person is where the directory's facility says.
POSTABLE = tuple(status for status in PrisonerStatus if status.can_receive_post)
# The review code the directory sets when words of a published address were not understood.
ADDRESS_UNPLACED = "address_unplaced"


def address_unchecked(prisoner: Prisoner) -> bool:
    """Whether the published address had words not understood that no one has checked yet."""
    return ADDRESS_UNPLACED in (prisoner.needs_review or "").split()


def unreachable(prisoner: Prisoner) -> str | None:
    """Why letters cannot be posted to ``prisoner`` now (an :data:`UNREACHABLE` key), or None.

    Worst first: released, died, transferred; then no address known; then an address with
    words not understood (never printed until a coordinator has looked).
    """
    status = prisoner.status
    if status in (PrisonerStatus.RELEASED, PrisonerStatus.DECEASED, PrisonerStatus.TRANSFERRED):
        return status.value
    if prisoner.facility is None or status not in POSTABLE:
        return "unknown"
    if address_unchecked(prisoner):
        return "unchecked"
    return None


def reachable_condition() -> ColumnElement[bool]:
    """:func:`unreachable` is None, in SQL, on the ``prisoners`` table."""
    return and_(
        Prisoner.facility_id.is_not(None),
        Prisoner.status.in_(POSTABLE),
        or_(
            Prisoner.needs_review.is_(None),
            Prisoner.needs_review.not_like(f"%{ADDRESS_UNPLACED}%"),
        ),
    )
