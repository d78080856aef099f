"""Writing records into the directory: idempotent upserts that keep the facility history."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters.directory.models import (
    Facility,
    FacilityChange,
    FacilityKind,
    Prisoner,
    PrisonerStatus,
)
from letters.directory.records import FacilityRecord, PrisonerRecord
from letters.directory.transliteration import search_key


class Outcome(enum.StrEnum):
    """What an upsert did to the directory."""

    CREATED = "created"
    UPDATED = "updated"
    TRANSFERRED = "transferred"
    UNCHANGED = "unchanged"


def fold(text: str | None) -> str:
    """Case and ё/е folded, single-spaced: the form names are compared in."""
    return " ".join((text or "").lower().replace("ё", "е").split())


def identity_key(surname: str, first_name: str, patronymic: str | None, year: int | None) -> str:
    """Full name plus birth year: how prison mail, and this directory, tell people apart."""
    return f"{fold(' '.join(p for p in (surname, first_name, patronymic) if p))}|{year or ''}"


def prisoner_search_key(prisoner: Prisoner) -> str:
    """Everything a search may match: Cyrillic name and any published Latin spelling."""
    names = [prisoner.full_name, prisoner.name_latin or ""]
    return " ".join(dict.fromkeys(search_key(n) for n in names if n))


def find_facility(session: Session, record: FacilityRecord) -> Facility | None:
    """The stored facility with this exact name (and postcode, when both have one)."""
    query = select(Facility).where(Facility.name_key == fold(record.name))
    candidates = session.scalars(query).all()
    for facility in candidates:
        if not record.postcode or not facility.postcode or facility.postcode == record.postcode:
            return facility
    return None


def upsert_facility(session: Session, record: FacilityRecord) -> Facility:
    """Find or create the facility and bring its fields up to date."""
    facility = find_facility(session, record) or Facility(
        name=record.name, name_key=fold(record.name)
    )
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
    "birth_date", "address_presumed", "verified_on", "source_url", "summary", "interests",
    "needs_review",
)  # fmt: skip


def find_prisoner(session: Session, record: PrisonerRecord) -> Prisoner | None:
    """The stored prisoner with the same full name and birth year."""
    key = identity_key(record.surname, record.first_name, record.patronymic, record.birth_year)
    return session.scalar(select(Prisoner).where(Prisoner.identity_key == key))


def upsert_prisoner(
    session: Session, record: PrisonerRecord, today: date | None = None
) -> tuple[Prisoner, Outcome]:
    """Create or update a prisoner from ``record``; a new facility is recorded as a transfer."""
    today = today or date.today()
    prisoner = find_prisoner(session, record)
    created = prisoner is None
    if created:
        prisoner = Prisoner(
            identity_key=identity_key(
                record.surname, record.first_name, record.patronymic, record.birth_year
            )
        )
        session.add(prisoner)
    changed = created
    for name in _PRISONER_FIELDS:
        value = getattr(record, name)
        if getattr(prisoner, name) != value:
            setattr(prisoner, name, value)
            changed = True
    services = sorted(set(record.services))
    if prisoner.services != services:
        prisoner.services = services
        changed = True

    facility = upsert_facility(session, record.facility) if record.facility else None
    status = PrisonerStatus(record.status)
    moved = (facility.id if facility else None) != prisoner.facility_id
    if moved or status != prisoner.status:
        previous_facility = prisoner.facility_id
        prisoner.facility = facility
        prisoner.status = status
        note = None if created else ("transfer" if moved and previous_facility else None)
        prisoner.history.append(
            FacilityChange(
                facility=facility, status=status, changed_on=record.verified_on or today, note=note
            )
        )
        changed = True
    prisoner.search_key = prisoner_search_key(prisoner)
    session.flush()
    if created:
        return prisoner, Outcome.CREATED
    if moved and not created:
        return prisoner, Outcome.TRANSFERRED
    return prisoner, Outcome.UPDATED if changed else Outcome.UNCHANGED


def prisoner_to_record(prisoner: Prisoner) -> PrisonerRecord:
    """The prisoner as a record, for export (export → import changes nothing)."""
    facility = None
    if prisoner.facility is not None:
        f = prisoner.facility
        facility = FacilityRecord(
            name=f.name, kind=f.kind.value, region=f.region, postcode=f.postcode,
            district=f.district, locality=f.locality, street=f.street, house=f.house,
            building=f.building, name_en=f.name_en, address_en=f.address_en,
            services=list(f.services or []),
        )  # fmt: skip
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
    session.flush()
    return TransferResult(prisoner, change)
