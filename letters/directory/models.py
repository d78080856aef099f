"""The prisoner directory: facilities, prisoners and the history of where each was held."""

from __future__ import annotations

import enum
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    event,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, validates

from letters.database import utcnow
from letters.directory import keys
from letters.extensions import db

WEB_SCHEMES = ("http", "https")


def is_web_url(url: object) -> bool:
    """True for an absolute http(s) address: the only links shown to writers (no javascript:)."""
    if not isinstance(url, str) or not url.isprintable():
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # «http://[::1»: an unclosed bracket is no address
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as plain strings (no native ENUM type), so adding a value needs no DB migration dance.
    return Enum(cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class FacilityKind(enum.StrEnum):
    """Kinds of place a prisoner can be held in."""

    SIZO = "sizo"  # СИЗО, remand prison
    IK = "ik"  # ИК, penal colony
    LIU = "liu"  # ЛИУ, medical correctional facility
    KP = "kp"  # КП, colony-settlement
    IC = "ic"  # ИЦ, correctional centre
    PRISON = "prison"  # тюрьма
    OTHER = "other"


class PrisonerStatus(enum.StrEnum):
    """Where the prisoner stands, as far as the directory knows."""

    REMAND = "remand"  # in a remand prison (СИЗО)
    COLONY = "colony"  # serving the sentence in a colony or prison
    TRANSFERRED = "transferred"  # transferred, new address not known yet
    RELEASED = "released"
    DECEASED = "deceased"
    UNKNOWN = "unknown"  # no address published

    @property
    def can_receive_post(self) -> bool:
        """Whether a paper letter can be addressed to the prisoner now."""
        return self in (PrisonerStatus.REMAND, PrisonerStatus.COLONY)


class Facility(db.Model):
    """A place of detention, with its name exactly as published and its postal address."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[FacilityKind] = mapped_column(_enum(FacilityKind), default=FacilityKind.OTHER)
    # Stored as published, never rebuilt from parts: regions differ (УФСИН, ГУФСИН, ФСИН России).
    name: Mapped[str] = mapped_column(String(300))
    # Case, ё/е and spacing folded in Python (SQLite's lower() leaves Cyrillic alone); on flush.
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    region: Mapped[str | None] = mapped_column(String(120), index=True)
    postcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(String(120))
    locality: Mapped[str | None] = mapped_column(String(120))
    street: Mapped[str | None] = mapped_column(String(200))
    house: Mapped[str | None] = mapped_column(String(40))
    building: Mapped[str | None] = mapped_column(String(40))
    name_en: Mapped[str | None] = mapped_column(String(300))
    address_en: Mapped[str | None] = mapped_column(String(400))
    # Service ids (see letters.directory.services) whose e-letters reach this facility.
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    prisoners: Mapped[list[Prisoner]] = relationship(back_populates="facility")
    service_pages: Mapped[list[FacilityServicePage]] = relationship(
        back_populates="facility",
        cascade="all, delete-orphan",
        order_by="FacilityServicePage.service",
    )

    def derive_keys(self) -> None:
        """Bring ``name_key`` in step with the name."""
        _set_if_changed(self, "name_key", keys.fold(self.name))


class FacilityServicePage(db.Model):
    """The facility's own page on an e-letter service, recorded by a coordinator.

    The hand-off opens it instead of the service's letter form: the writer lands on the right
    facility. Services' deep-link formats are not guessed; only pages someone opened are kept.
    """

    __tablename__ = "facility_service_pages"

    facility_id: Mapped[int] = mapped_column(
        ForeignKey("facilities.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(40), primary_key=True)  # a services.toml id
    url: Mapped[str] = mapped_column(String(500))
    recorded_on: Mapped[date] = mapped_column(Date, default=date.today)

    facility: Mapped[Facility] = relationship(back_populates="service_pages")

    @validates("url")
    def _check_url(self, _key: str, url: str) -> str:
        if not is_web_url(url):
            raise ValueError("a service page must be an http(s) address")
        return url.strip()


class Prisoner(db.Model):
    """A person the directory helps people write to."""

    __tablename__ = "prisoners"

    id: Mapped[int] = mapped_column(primary_key=True)
    surname: Mapped[str] = mapped_column(String(120))
    first_name: Mapped[str] = mapped_column(String(120))
    patronymic: Mapped[str | None] = mapped_column(String(120))
    # The name as it goes on the envelope («Миронову Сергею Геннадьевичу»).
    dative_name: Mapped[str] = mapped_column(String(400))
    name_latin: Mapped[str | None] = mapped_column(String(400))
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[PrisonerStatus] = mapped_column(
        _enum(PrisonerStatus), default=PrisonerStatus.UNKNOWN, index=True
    )
    facility_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilities.id", ondelete="SET NULL"), index=True
    )
    address_presumed: Mapped[bool] = mapped_column(default=False)
    # The day someone confirmed the address (a coordinator, or a dated record's own date).
    verified_on: Mapped[date | None] = mapped_column(Date)
    # The day the address was last read from a published page that gives no date: not a
    # confirmation, so a dated record always wins over it; staleness still counts from it.
    read_on: Mapped[date | None] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(String(500))

    @validates("source_url")
    def _only_web_links(self, _key: str, url: str | None) -> str | None:
        # The last line of defence: forms and imports refuse such links with a message first.
        if url is not None and not is_web_url(url):
            raise ValueError("source_url must be an http(s) address")
        return url

    # Service ids through which this prisoner can be written to.
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    interests: Mapped[str | None] = mapped_column(Text)
    # Why a coordinator should look at this record (e.g. a name the importer had to guess).
    needs_review: Mapped[str | None] = mapped_column(Text)
    # Folded name (script, case, ё/е) that search matches against; derived on flush.
    search_key: Mapped[str] = mapped_column(String(400), default="", index=True)
    # Identity for de-duplication: full name + birth year, folded; derived on flush.
    identity_key: Mapped[str] = mapped_column(String(450), unique=True)
    # Fields a coordinator set by hand; imports leave them alone (see letters.directory.store).
    hand_edited: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Indexed: the search index checks max(updated_at) to know when to rebuild.
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True
    )

    facility: Mapped[Facility | None] = relationship(back_populates="prisoners")
    history: Mapped[list[FacilityChange]] = relationship(
        back_populates="prisoner",
        # In the order recorded: an entry read from an undated page has no date to sort by.
        order_by="FacilityChange.id",
        cascade="all, delete-orphan",
    )

    @property
    def full_name(self) -> str:
        """Surname, first name and patronymic, in the nominative."""
        return keys.full_name(self.surname, self.first_name, self.patronymic)

    @property
    def last_seen_on(self) -> date | None:
        """The latest day the address was confirmed or read: what staleness counts from."""
        return max((d for d in (self.verified_on, self.read_on) if d), default=None)

    def derive_keys(self) -> None:
        """Bring ``identity_key`` and ``search_key`` in step with the name and birth year."""
        identity = keys.identity_key(
            self.surname, self.first_name, self.patronymic, self.birth_year
        )
        _set_if_changed(self, "identity_key", identity)
        _set_if_changed(self, "search_key", keys.names_search_key(self.full_name, self.name_latin))


class FacilityChange(db.Model):
    """One entry of a prisoner's history: moved to a facility, released, transferred…"""

    __tablename__ = "facility_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoners.id", ondelete="CASCADE"), index=True
    )
    facility_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilities.id", ondelete="SET NULL")
    )
    status: Mapped[PrisonerStatus] = mapped_column(_enum(PrisonerStatus))
    # The record's own date of the change; None when its source gave none (never the import day).
    changed_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    prisoner: Mapped[Prisoner] = relationship(back_populates="history")
    facility: Mapped[Facility | None] = relationship()


class PrisonerAlias(db.Model):
    """An identity a record had before a coordinator renamed it or merged another into it.

    Imports look people up by these too, so a re-imported page never recreates someone a
    coordinator corrected or merged away.
    """

    __tablename__ = "prisoner_aliases"

    identity_key: Mapped[str] = mapped_column(String(450), primary_key=True)
    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoners.id", ondelete="CASCADE"), index=True
    )


class PrisonerRedirect(db.Model):
    """A merged-away record's id, pointing at the record it was merged into."""

    __tablename__ = "prisoner_redirects"

    # Not a foreign key: the old record is gone. Re-pointed with every later merge.
    old_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoners.id", ondelete="CASCADE"), index=True
    )


@event.listens_for(Prisoner, "before_insert")
def _never_reuse_a_merged_id(mapper, connection, target: Prisoner) -> None:
    """A new record never takes the id of one merged away (its old URL redirects elsewhere).

    PostgreSQL sequences never hand an id out twice; SQLite gives max(id) + 1, which is the
    merged-away record's id when it was the newest.
    """
    if target.id is not None or connection.dialect.name != "sqlite":
        return
    newest = select(func.coalesce(func.max(Prisoner.id), 0)).scalar_subquery()
    highest = connection.scalar(
        select(func.max(PrisonerRedirect.old_id)).where(PrisonerRedirect.old_id > newest)
    )
    if highest is not None:
        target.id = highest + 1


def _set_if_changed(record, name: str, value: str) -> None:
    # An equal value set again would still mark the record as changed.
    if getattr(record, name) != value:
        setattr(record, name, value)


@event.listens_for(Session, "before_flush")
def derive_keys(session: Session, _context, _instances) -> None:
    """Every flushed prisoner and facility gets its keys from its names: one rule, which no
    caller can forget (the importer, the coordinator pages and merging all change names)."""
    for record in (*session.new, *session.dirty):
        if isinstance(record, Prisoner | Facility):
            record.derive_keys()
