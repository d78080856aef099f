"""Writing records into the directory: idempotent upserts that keep the facility history."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from datetime import date
from typing import NamedTuple

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from letters.directory.address import address_parts
from letters.directory.keys import fold, identity_key
from letters.directory.models import (
    Facility,
    FacilityChange,
    FacilityKind,
    Prisoner,
    PrisonerAlias,
    PrisonerStatus,
)
from letters.directory.records import FacilityRecord, PrisonerRecord
from letters.messages import N_, StoredMessage


class Outcome(enum.StrEnum):
    """What an upsert did to the directory."""

    CREATED = "created"
    UPDATED = "updated"
    TRANSFERRED = "transferred"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # older than what the directory holds


def facility_named(
    session: Session, name: str, postcode: str | None, *, other_than: Facility | None = None
) -> Facility | None:
    """The stored facility with this name (and postcode, when both have one), other than
    ``other_than``: the same place, for imports and for the coordinator's form alike."""
    query = select(Facility).where(Facility.name_key == fold(name))
    if other_than is not None:
        query = query.where(Facility.id != other_than.id)
    for facility in session.scalars(query):
        if not postcode or not facility.postcode or facility.postcode == postcode:
            return facility
    return None


def upsert_facility(session: Session, record: FacilityRecord) -> Facility:
    """Find or create the facility and bring its fields up to date."""
    facility = facility_named(session, record.name, record.postcode) or Facility(name=record.name)
    for f in fields(FacilityRecord):
        value = getattr(record, f.name)
        if f.name == "kind":
            value = FacilityKind(value)
        if f.name == "services":
            value = sorted(set(value))
        if getattr(facility, f.name) != value:
            setattr(facility, f.name, value)
    session.add(facility)
    session.flush()
    return facility


_PRISONER_FIELDS = (
    "surname", "first_name", "patronymic", "dative_name", "name_latin", "gender", "birth_year",
    "birth_date", "address_presumed", "verified_on", "read_on", "source_url", "summary",
    "interests", "needs_review",
)  # fmt: skip


def find_prisoner(session: Session, record: PrisonerRecord) -> Prisoner | None:
    """The stored prisoner with the same full name and birth year, or who once had them."""
    key = identity_key(record.surname, record.first_name, record.patronymic, record.birth_year)
    found = session.scalar(select(Prisoner).where(Prisoner.identity_key == key))
    if found is None:
        alias = session.get(PrisonerAlias, key)
        found = alias and session.get(Prisoner, alias.prisoner_id)
    return found


# A record's current place: what a dated import may correct, and what "older" is judged on.
LOCATION_FIELDS = ("facility_id", "status", "address_presumed", "verified_on")
_HAND_EDITABLE = (*_PRISONER_FIELDS, "services", "facility_id", "status")
# How the import's note names a kept field, in the reader's language.
_FIELD_LABELS = {
    "surname": N_("surname"), "first_name": N_("first name"), "patronymic": N_("patronymic"),
    "dative_name": N_("name in the dative"), "name_latin": N_("name in Latin letters"),
    "gender": N_("gender"), "birth_year": N_("year of birth"), "birth_date": N_("birthday"),
    "address_presumed": N_("address presumed"), "verified_on": N_("date verified"),
    "read_on": N_("date read"),
    "source_url": N_("source"), "summary": N_("case summary"), "interests": N_("interests"),
    "needs_review": N_("needs review"), "services": N_("services"), "facility_id": N_("facility"),
    "status": N_("status"),
}  # fmt: skip


def mark_hand_edits(session: Session, prisoner: Prisoner) -> list[str]:
    """Record which fields a coordinator has just changed (pending, unflushed changes).

    Call before committing a coordinator's edit. Imports never overwrite those fields, except
    that a dated record newer than the stored ``verified_on`` may still move the person. When
    the edit changes the name or birth year, the old identity becomes an alias, so that the
    old spelling, imported again, finds this record instead of creating a second one.
    """
    # Reading an unloaded field must not flush the edit away before its history is read.
    with session.no_autoflush:
        prisoner.derive_keys()  # a new name shows in the identity's history now, not on flush
        state = inspect(prisoner)
        changed = [
            name
            for name in _HAND_EDITABLE
            if state.attrs[name].history.has_changes() or state.pending
        ]
        if state.attrs["facility"].history.has_changes():
            changed.append("facility_id")
        edited = sorted(set(prisoner.hand_edited or []) | set(changed))
        if edited != list(prisoner.hand_edited or []):
            prisoner.hand_edited = edited
        old_keys = state.attrs["identity_key"].history.deleted
        for key in old_keys:
            if key and key != prisoner.identity_key and session.get(PrisonerAlias, key) is None:
                session.add(PrisonerAlias(identity_key=key, prisoner_id=prisoner.id))
    return changed


class Upserted(NamedTuple):
    """What ``upsert_prisoner`` did, and why when it left something alone."""

    prisoner: Prisoner
    outcome: Outcome
    note: StoredMessage | None = None  # shown in the reader's language; str() is English


# Notes of imports and history, kept as codes and shown in the reader's language.
NOTE_TRANSFER = N_("transfer")  # FacilityChange.note of a transfer found by an import
NOTE_OLDER = N_("verified on %(verified)s, older than the directory's %(current)s; nothing changed")
NOTE_KEPT = N_("kept the coordinator's edits of: %(fields)s")
NOTE_UNDATED = N_(
    "the row gives no date of its own (a page read, not a check); the address confirmed on "
    "%(current)s was kept: %(fields)s"
)


def _is_older(record: PrisonerRecord, prisoner: Prisoner) -> bool:
    return bool(
        record.verified_on and prisoner.verified_on and record.verified_on < prisoner.verified_on
    )


def upsert_prisoner(session: Session, record: PrisonerRecord, *, dated: bool = True) -> Upserted:
    """Create or update a prisoner from ``record``; a new facility is recorded as a transfer.

    Imports never move backwards: a record verified before the stored ``verified_on`` changes
    nothing (outcome SKIPPED, with the reason in ``note``). Fields a coordinator edited by hand
    (``Prisoner.hand_edited``) are kept; only a ``dated`` record (CSV/JSON with its own
    ``verified_on``) newer than the stored date may change the location. A record without a
    date (a page read on ``read_on``) never moves a person whose address has a confirmed date,
    never clears that date, and its history entries have no date (the import day is not when
    anything happened).
    """
    dated = dated and record.verified_on is not None
    prisoner = find_prisoner(session, record)
    created = prisoner is None
    if not created and _is_older(record, prisoner):
        note = StoredMessage(
            NOTE_OLDER,
            {
                "verified": record.verified_on.isoformat(),
                "current": prisoner.verified_on.isoformat(),
            },
            dates=("verified", "current"),
        )
        return Upserted(prisoner, Outcome.SKIPPED, note)
    if created:
        prisoner = Prisoner(hand_edited=[])
        session.add(prisoner)
    hand = set(prisoner.hand_edited or [])
    newer = bool(
        dated
        and record.verified_on
        and (prisoner.verified_on is None or record.verified_on > prisoner.verified_on)
    )
    # A dated record always wins over an undated reading, never the other way round.
    confirmed = not dated and prisoner.verified_on is not None
    may_move = newer or not (hand & set(LOCATION_FIELDS) or confirmed)
    kept: list[str] = []
    kept_for_date: list[str] = []
    changed = created
    for name in _PRISONER_FIELDS:
        value = getattr(record, name)
        if name == "read_on":
            continue  # below: only a reading of the address the directory now holds counts
        # A record that does not know the date says nothing about it: never cleared.
        if getattr(prisoner, name) == value or (name == "verified_on" and value is None):
            continue
        if name in hand and not (name in LOCATION_FIELDS and newer):
            kept.append(name)
            continue
        if name in LOCATION_FIELDS and not may_move:
            (kept_for_date if confirmed and name not in hand else kept).append(name)
            continue
        setattr(prisoner, name, value)
        changed = True
    services = sorted(set(record.services))
    if prisoner.services != services:
        if "services" in hand:
            kept.append("services")
        else:
            prisoner.services = services
            changed = True

    facility = upsert_facility(session, record.facility) if record.facility else None
    status = PrisonerStatus(record.status)
    moved = (facility.id if facility else None) != prisoner.facility_id
    if (moved or status != prisoner.status) and not may_move:
        name = "facility_id" if moved else "status"
        (kept_for_date if confirmed and name not in hand else kept).append(name)
        moved = False
    elif moved or status != prisoner.status:
        previous_facility = prisoner.facility_id
        prisoner.facility = facility
        prisoner.status = status
        note = None if created else (NOTE_TRANSFER if moved and previous_facility else None)
        prisoner.history.append(
            FacilityChange(
                facility=facility, status=status, changed_on=record.verified_on, note=note
            )
        )
        changed = True
    location_kept = {*kept, *kept_for_date} & {*LOCATION_FIELDS, "facility_id", "status"}
    if record.read_on and not location_kept and record.read_on != prisoner.read_on:
        prisoner.read_on = max(record.read_on, prisoner.read_on or record.read_on)
        changed = True
    session.flush()
    if created:
        return Upserted(prisoner, Outcome.CREATED)
    note = _kept_note(kept, kept_for_date, prisoner)
    if moved:
        return Upserted(prisoner, Outcome.TRANSFERRED, note)
    return Upserted(prisoner, Outcome.UPDATED if changed else Outcome.UNCHANGED, note)


def _kept_note(
    kept: list[str], kept_for_date: list[str], prisoner: Prisoner
) -> StoredMessage | None:
    def labels(names: list[str]) -> list[str]:
        return [_FIELD_LABELS.get(name, name) for name in names]

    if kept_for_date:
        return StoredMessage(
            NOTE_UNDATED,
            {
                "current": prisoner.verified_on.isoformat(),
                "fields": labels([*kept_for_date, *kept]),
            },
            translated=("fields",),
            dates=("current",),
        )
    if kept:
        return StoredMessage(NOTE_KEPT, {"fields": labels(kept)}, ("fields",))
    return None


def prisoner_to_record(prisoner: Prisoner) -> PrisonerRecord:
    """The prisoner as a record, for export (export → import changes nothing)."""
    facility = None
    if prisoner.facility is not None:
        f = prisoner.facility
        facility = FacilityRecord(
            name=f.name,
            kind=f.kind.value,
            **address_parts(f),
            name_en=f.name_en,
            address_en=f.address_en,
            services=list(f.services or []),
        )
    return PrisonerRecord(
        **{name: getattr(prisoner, name) for name in _PRISONER_FIELDS},
        status=prisoner.status.value,
        facility=facility,
        services=list(prisoner.services or []),
    )


@dataclass
class TransferResult:
    """What ``record_transfer`` changed."""

    prisoner: Prisoner
    change: FacilityChange


def record_transfer(
    session: Session,
    prisoner: Prisoner,
    *,
    facility: Facility | None,
    status: PrisonerStatus,
    on: date,
    note: str | None = None,
) -> TransferResult:
    """Move a prisoner (or record a release): history first, then the current state."""
    change = FacilityChange(facility=facility, status=status, changed_on=on, note=note)
    prisoner.history.append(change)
    prisoner.facility = facility
    prisoner.status = status
    prisoner.verified_on = on
    prisoner.hand_edited = sorted(set(prisoner.hand_edited or []) | set(LOCATION_FIELDS))
    session.flush()
    return TransferResult(prisoner, change)
