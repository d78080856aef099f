"""Merging two records of the same person into one, without losing history or letters."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, select, update
from sqlalchemy.orm import Session

from letters.database import utcnow
from letters.directory.keys import fold, identity_key
from letters.directory.models import Prisoner, PrisonerAlias, PrisonerRedirect
from letters.directory.names import to_dative
from letters.extensions import db


class MergeConflict(ValueError):
    """The merged record would have the same full name and birth year as a third record."""

    def __init__(self, other: Prisoner):
        super().__init__(f"the merged record would clash with prisoner {other.id}")
        self.other = other


# Filled on the kept record when empty there; the location is taken as a whole (below).
_FILLABLE = (
    "patronymic", "name_latin", "gender", "birth_year", "birth_date", "source_url", "summary",
    "interests",
)  # fmt: skip


def _missing(value) -> bool:
    return value is None or value == "" or value == []


def _merged_fields(keep: Prisoner, drop: Prisoner) -> dict:
    """The kept record's new values: its own, with the gaps filled from the duplicate."""
    filled = {
        name: getattr(drop, name)
        for name in _FILLABLE
        if _missing(getattr(keep, name)) and not _missing(getattr(drop, name))
    }
    if "patronymic" in filled:
        # The envelope name must include the patronymic now known.
        full = " ".join(p for p in (keep.surname, keep.first_name, filled["patronymic"]) if p)
        if fold(full) == fold(drop.full_name):
            filled["dative_name"] = drop.dative_name
        else:
            gender = filled.get("gender", keep.gender)
            filled["dative_name"] = to_dative(full, gender).dative
    services = sorted(set(keep.services or []) | set(drop.services or []))
    if services != list(keep.services or []):
        filled["services"] = services
    if keep.facility_id is None and drop.facility_id is not None:
        for name in ("facility_id", "status", "address_presumed", "verified_on", "read_on"):
            filled[name] = getattr(drop, name)
    elif keep.facility_id == drop.facility_id:
        for name in ("verified_on", "read_on"):
            if getattr(drop, name) and (getattr(keep, name) or date.min) < getattr(drop, name):
                filled[name] = getattr(drop, name)
    return filled


def _columns_referencing_prisoners() -> list[Column]:
    prisoners = Prisoner.__table__
    return [
        fk.parent
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table is prisoners
    ]


def merge_prisoners(session: Session, keep: Prisoner, drop: Prisoner) -> Prisoner:
    """Merge the duplicate ``drop`` into ``keep``, then delete ``drop``.

    ``drop``'s history entries move to ``keep``; fields empty on ``keep`` are filled from
    ``drop`` (the current location only when ``keep`` has none; services are joined;
    ``needs_review`` stays ``keep``'s); its keys follow on flush.
    ``drop``'s id is remembered as a redirect to ``keep`` (its old page address leads there) and
    both old identities as aliases (importing either name again updates ``keep``).
    Raises MergeConflict when the result would clash with a third record's identity.

    Every table referencing ``prisoners.id`` must be re-pointed here before ``drop`` is deleted,
    or its rows are lost (ON DELETE CASCADE) or orphaned (SET NULL). Today that is
    ``facility_changes`` and ``queued_letters``; both, and any table added later, are found
    through the foreign keys in the SQLAlchemy metadata and updated. A future table with a
    unique constraint over ``prisoner_id`` (one row per prisoner) needs its rows reconciled
    here by hand before the re-pointing, or the UPDATE fails.
    Does not commit.
    """
    if keep.id == drop.id:
        raise ValueError("a record cannot be merged into itself")
    filled = _merged_fields(keep, drop)
    key = identity_key(
        keep.surname,
        keep.first_name,
        filled.get("patronymic", keep.patronymic),
        filled.get("birth_year", keep.birth_year),
    )
    clash = session.scalar(
        select(Prisoner).where(Prisoner.identity_key == key, Prisoner.id.not_in([keep.id, drop.id]))
    )
    if clash is not None:
        raise MergeConflict(clash)
    keep_id, drop_id = keep.id, drop.id
    old_keys = (keep.identity_key, drop.identity_key)
    hand_edited = sorted(set(keep.hand_edited or []) | set(drop.hand_edited or []))
    session.flush()
    for column in _columns_referencing_prisoners():
        session.execute(
            update(column.table).where(column == drop_id).values({column.name: keep_id})
        )
    # The old page address and the old name keep leading to the surviving record.
    session.add(PrisonerRedirect(old_id=drop_id, prisoner_id=keep_id))
    for old_key in old_keys:
        if old_key != key and session.get(PrisonerAlias, old_key) is None:
            session.add(PrisonerAlias(identity_key=old_key, prisoner_id=keep_id))
    # Loaded objects still show the old prisoner ids; reload them from the database.
    session.expire_all()
    session.delete(drop)
    session.flush()  # drop's identity_key is free before keep may take its birth year
    for name, value in filled.items():
        setattr(keep, name, value)
    keep.hand_edited = hand_edited
    keep.updated_at = utcnow()
    session.flush()
    return keep
