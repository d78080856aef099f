"""Changing the directory: saving records, keeping them apart, and what needs attention.

The coordinator pages (:mod:`letters.directory.coordinator`) read forms and show results; the
work itself is here, on a plain SQLAlchemy session, so that a command or a job can do the same.
Messages go through Flask-Babel (they appear on the coordinator pages, in an app context).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from letters.directory import signals
from letters.directory.keys import full_name, identity_key
from letters.directory.merging import MergeConflict, merge_prisoners
from letters.directory.models import (
    Facility,
    FacilityChange,
    FacilityKind,
    FacilityServicePage,
    Prisoner,
    PrisonerStatus,
)
from letters.directory.names import to_dative
from letters.directory.published_page import REVIEW_REASONS
from letters.directory.store import facility_named, mark_hand_edits, record_transfer
from letters.once import claim, settle

FACILITY_FIELDS = (
    "name", "region", "postcode", "district", "locality", "street", "house", "building",
    "name_en", "address_en",
)  # fmt: skip


# --- The attention list -----------------------------------------------------------------------


def review_reasons(prisoner: Prisoner) -> list[str]:
    """Why the record was flagged for review, in the visitor's language."""
    codes = (prisoner.needs_review or "").split()
    return [_(REVIEW_REASONS[c]) if c in REVIEW_REASONS else c for c in codes]


@dataclass
class Attention:
    """A prisoner on the attention list, and why."""

    prisoner: Prisoner
    reasons: list[str]


def _reasons_from_others(session: Session) -> dict[int, list[str]]:
    """Reasons other packages give (open reports), joined per prisoner."""
    joined: dict[int, list[str]] = {}
    for answer in signals.answers(signals.attention_reasons, session):
        for prisoner_id, reasons in answer.items():
            joined.setdefault(prisoner_id, []).extend(reasons)
    return joined


def attention_list(session: Session, today: date, stale_after_days: int) -> list[Attention]:
    """Prisoners flagged for review or reported, transferred, or with a presumed or stale
    address."""
    stale_before = today - timedelta(days=stale_after_days)
    postable = and_(
        Prisoner.status.in_([PrisonerStatus.REMAND, PrisonerStatus.COLONY]),
        Prisoner.facility_id.is_not(None),
    )
    others = _reasons_from_others(session)
    query = (
        select(Prisoner)
        .where(
            or_(
                and_(Prisoner.needs_review.is_not(None), Prisoner.needs_review != ""),
                Prisoner.status == PrisonerStatus.TRANSFERRED,
                Prisoner.id.in_(list(others)),
                and_(postable, Prisoner.address_presumed.is_(True)),
                and_(
                    postable,
                    # Staleness counts from the last confirmation or reading, whichever is later.
                    or_(Prisoner.verified_on.is_(None), Prisoner.verified_on < stale_before),
                    or_(Prisoner.read_on.is_(None), Prisoner.read_on < stale_before),
                ),
            )
        )
        .order_by(Prisoner.surname, Prisoner.first_name, Prisoner.id)
    )
    found = []
    for prisoner in session.scalars(query):
        reasons = [*others.get(prisoner.id, []), *review_reasons(prisoner)]
        if prisoner.status is PrisonerStatus.TRANSFERRED:
            reasons.append(_("Transferred, new address unknown"))
        if prisoner.facility_id is not None and prisoner.status.can_receive_post:
            if prisoner.address_presumed:
                reasons.append(_("The address is presumed, not confirmed."))
            last_seen = prisoner.last_seen_on
            if last_seen is None:
                reasons.append(_("The address has never been checked."))
            elif last_seen < stale_before:
                days = (today - last_seen).days
                reasons.append(
                    ngettext(
                        "The address was last checked %(num)s day ago.",
                        "The address was last checked %(num)s days ago.",
                        days,
                    )
                )
        # The importer's review note and the record's own flag can say the same thing.
        found.append(Attention(prisoner, list(dict.fromkeys(reasons))))
    return found


# --- Prisoners --------------------------------------------------------------------------------


class IdentityClash(Exception):
    """Another record has the same full name and year of birth."""

    def __init__(self, other: Prisoner):
        super().__init__(f"prisoner {other.id} has the same full name and year of birth")
        self.other = other


class NotDeclinable(Exception):
    """The name could not be put into the dative case automatically."""


@dataclass
class PrisonerDetails:
    """Everything a coordinator says about a prisoner, except where they are held."""

    surname: str
    first_name: str
    patronymic: str | None
    dative_name: str | None  # None: decline the full name
    name_latin: str | None
    gender: str | None
    birth_year: int | None
    birth_date: date | None
    status: PrisonerStatus
    address_presumed: bool
    verified_on: date | None
    source_url: str | None
    services: list[str]
    summary: str | None
    interests: str | None
    reviewed: bool  # clears the review flag

    @property
    def year(self) -> int | None:
        """The year of birth, or the birth date's year."""
        return self.birth_year or (self.birth_date.year if self.birth_date else None)


@dataclass
class SavedPrisoner:
    """What :func:`save_prisoner` did."""

    prisoner: Prisoner
    created: bool
    declined_name: str | None  # the dative filled in by declension, for the coordinator to check


def identity_clash(
    session: Session, details: PrisonerDetails, prisoner: Prisoner | None
) -> Prisoner | None:
    """Another record (not ``prisoner``) with the same full name and year of birth."""
    key = identity_key(details.surname, details.first_name, details.patronymic, details.year)
    query = select(Prisoner).where(Prisoner.identity_key == key)
    if prisoner is not None:
        query = query.where(Prisoner.id != prisoner.id)
    return session.scalar(query)


def save_prisoner(
    session: Session,
    prisoner: Prisoner | None,
    details: PrisonerDetails,
    today: date,
    once: str | None = None,
) -> SavedPrisoner:
    """Create (``prisoner=None``) or update a prisoner by hand, and commit.

    Raises :class:`IdentityClash` when another record has the same full name and year of birth
    (also when another coordinator saved it a moment ago), :class:`NotDeclinable` when no
    dative was given and the name cannot be declined. A status change goes into the history;
    the changed fields are marked as hand edits, which later imports keep. A form posted twice
    (its one-time token ``once`` taken) raises :class:`letters.once.AlreadyDone` with the
    first one's prisoner id, before anything is checked or written.
    """
    claim(session, once)
    other = identity_clash(session, details, prisoner)
    if other is not None:
        session.rollback()  # the form's token stays free for the corrected form
        raise IdentityClash(other)
    dative, declined = details.dative_name, None
    if not dative:
        name = full_name(details.surname, details.first_name, details.patronymic)
        try:
            dative = declined = to_dative(name, details.gender).dative
        except ValueError:
            session.rollback()
            raise NotDeclinable(name) from None

    created = prisoner is None
    if created:
        prisoner = Prisoner()
        session.add(prisoner)
    if created or details.status != prisoner.status:
        # The history says what the status has been since when, whichever page changed it.
        prisoner.history.append(
            FacilityChange(facility=prisoner.facility, status=details.status, changed_on=today)
        )
    prisoner.surname, prisoner.first_name = details.surname, details.first_name
    prisoner.patronymic = details.patronymic
    prisoner.dative_name = dative
    prisoner.name_latin = details.name_latin
    prisoner.gender = details.gender
    prisoner.birth_year = details.year
    prisoner.birth_date = details.birth_date
    prisoner.status = details.status
    prisoner.address_presumed = details.address_presumed
    prisoner.verified_on = details.verified_on
    prisoner.source_url = details.source_url
    prisoner.services = sorted(set(details.services))
    prisoner.summary = details.summary
    prisoner.interests = details.interests
    if details.reviewed:
        prisoner.needs_review = None
    mark_hand_edits(session, prisoner)  # later imports keep these edits
    try:
        session.flush()
        settle(session, once, str(prisoner.id))
        session.commit()
    except IntegrityError:
        # Another coordinator saved the same person a moment ago.
        session.rollback()
        other = identity_clash(session, details, None)
        if other is None:
            raise
        raise IdentityClash(other) from None
    return SavedPrisoner(prisoner, created, declined)


def merge_duplicates(session: Session, keep: Prisoner, drop: Prisoner) -> Prisoner:
    """Merge the duplicate ``drop`` into ``keep`` (:func:`merge_prisoners`) and commit.

    Raises :class:`MergeConflict` when the result would clash with a third record; the
    directory is then as it was.
    """
    try:
        merge_prisoners(session, keep, drop)
    except MergeConflict:
        session.rollback()
        raise
    session.commit()
    return keep


def transfer_prisoner(
    session: Session,
    prisoner: Prisoner,
    *,
    facility: Facility | None,
    status: PrisonerStatus | None,
    on: date,
    note: str | None,
    presumed: bool,
    once: str | None = None,
) -> PrisonerStatus:
    """Record a move (to ``facility``, the status from its kind) or a status without a
    facility (transferred to an unknown place, released, deceased); commit, return the status.
    A form posted twice (its one-time token ``once`` taken) raises
    :class:`letters.once.AlreadyDone`: the history gets one row."""
    claim(session, once)
    if facility is not None:
        remand = facility.kind is FacilityKind.SIZO
        status = PrisonerStatus.REMAND if remand else PrisonerStatus.COLONY
    elif status is None:
        raise ValueError("a status is needed when there is no facility")
    record_transfer(session, prisoner, facility=facility, status=status, on=on, note=note)
    prisoner.address_presumed = facility is not None and presumed
    settle(session, once, str(prisoner.id))
    session.commit()
    return status


# --- Facilities -------------------------------------------------------------------------------


class SameFacility(Exception):
    """Another stored facility has this name and postcode."""

    def __init__(self, other: Facility):
        super().__init__(f"facility {other.id} has the same name and postcode")
        self.other = other


def save_facility(
    session: Session,
    facility: Facility | None,
    fields: dict[str, str | None],
    kind: FacilityKind,
    services: list[str],
    once: str | None = None,
) -> Facility:
    """Create (``facility=None``) or update a facility from its ``FACILITY_FIELDS``; commit.

    Raises :class:`SameFacility` when another facility has this name (and postcode, when both
    have one): a second record of one place would split its prisoners. A form posted twice
    (its one-time token ``once`` taken) raises :class:`letters.once.AlreadyDone` with the
    first one's facility id.
    """
    claim(session, once)
    other = facility_named(session, fields["name"], fields.get("postcode"), other_than=facility)
    if other is not None:
        session.rollback()  # the form's token stays free for the corrected form
        raise SameFacility(other)
    if facility is None:
        facility = Facility()
        session.add(facility)
    for name in FACILITY_FIELDS:
        setattr(facility, name, fields.get(name) or None)
    facility.kind = kind
    facility.services = sorted(set(services))
    session.flush()
    settle(session, once, str(facility.id))
    session.commit()
    return facility


def set_service_page(
    session: Session, facility: Facility, service: str, url: str | None, today: date
) -> bool:
    """Record the facility's own page on ``service`` (``url=None``: remove it); commit.

    True when something changed (a page recorded, or one removed).
    """
    page = session.get(FacilityServicePage, (facility.id, service))
    if url:
        if page is None:
            page = FacilityServicePage(facility=facility, service=service)
            session.add(page)
        page.url = url
        page.recorded_on = today
    elif page is not None:
        session.delete(page)
    else:
        return False
    session.commit()
    return True
