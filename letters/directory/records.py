"""The flat prisoner record: one row of a CSV or JSON import, one row of an export.

The same schema serves CSV and JSON (documented in README, "Directory file format"), so that an
export imported again changes nothing. Validation names the field and the reason.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from letters.directory import keys
from letters.directory.models import Facility, FacilityKind, Prisoner, PrisonerStatus, is_web_url
from letters.directory.services import SERVICE_IDS

POSTCODE = re.compile(r"^[0-9]{6}$")  # [0-9]: \d also matches other scripts' digits
# Review codes the importer adds (explained in letters.directory.published_page.REVIEW_REASONS).
DATIVE_UNCERTAIN = "dative_uncertain"
LIKELY_DUPLICATE = "likely_duplicate"
GENDERS = ("m", "f")


class InvalidRecord(ValueError):
    """A record that cannot be imported; the message says which field and why."""


@dataclass
class FacilityRecord:
    """A facility as it appears in a record; the name is kept exactly as published."""

    name: str
    kind: str = FacilityKind.OTHER.value
    region: str | None = None
    postcode: str | None = None
    district: str | None = None
    locality: str | None = None
    street: str | None = None
    house: str | None = None
    building: str | None = None
    name_en: str | None = None
    address_en: str | None = None
    services: list[str] = field(default_factory=list)


@dataclass
class PrisonerRecord:
    """Everything the directory knows about one prisoner."""

    surname: str
    first_name: str
    dative_name: str
    patronymic: str | None = None
    name_latin: str | None = None
    gender: str | None = None
    birth_year: int | None = None
    birth_date: date | None = None
    status: str = PrisonerStatus.UNKNOWN.value
    facility: FacilityRecord | None = None
    address_presumed: bool = False
    verified_on: date | None = None
    # When the address was read from a page that gives no date of its own (not a confirmation).
    read_on: date | None = None
    source_url: str | None = None
    services: list[str] = field(default_factory=list)
    summary: str | None = None
    interests: str | None = None
    needs_review: str | None = None

    def validate(self) -> PrisonerRecord:
        """Raise InvalidRecord for the first problem found; return self when all is well."""
        for name in ("surname", "first_name", "dative_name"):
            if not getattr(self, name):
                raise InvalidRecord(f"{name} is empty")
        if self.gender is not None and self.gender not in GENDERS:
            raise InvalidRecord(f"gender must be m or f, not {self.gender!r}")
        this_year = date.today().year
        if self.birth_year is not None and not 1900 <= self.birth_year <= this_year:
            raise InvalidRecord(f"birth_year {self.birth_year} is not a plausible year of birth")
        if self.birth_date and self.birth_year and self.birth_date.year != self.birth_year:
            raise InvalidRecord("birth_date and birth_year disagree")
        if self.status not in {s.value for s in PrisonerStatus}:
            allowed = ", ".join(s.value for s in PrisonerStatus)
            raise InvalidRecord(f"status {self.status!r} is not one of: {allowed}")
        if self.source_url is not None and not is_web_url(self.source_url):
            raise InvalidRecord(
                "source_url must be a web address starting with https:// or http://"
            )
        _check_services(self.services, "services")
        if self.facility is not None:
            facility = self.facility
            if not facility.name:
                raise InvalidRecord("facility_name is empty while other facility fields are given")
            if facility.kind not in {k.value for k in FacilityKind}:
                raise InvalidRecord(f"facility_kind {facility.kind!r} is unknown")
            if facility.postcode is not None and not POSTCODE.match(facility.postcode):
                raise InvalidRecord(f"facility_postcode {facility.postcode!r} is not six digits")
            _check_services(facility.services, "facility_services")
        self._check_lengths()
        return self

    def _check_lengths(self) -> None:
        """Every value, and the keys made from the name, fit their columns (PostgreSQL refuses
        a longer value; SQLite would keep it, so both refuse it here alike)."""
        values = [
            (f"facility_{name}" if table is Facility else name, getattr(source, name), table)
            for source, table in ((self, Prisoner), (self.facility, Facility))
            if source is not None
            for name in (f.name for f in fields(source))
        ]
        full_name = keys.full_name(self.surname, self.first_name, self.patronymic)
        values += [
            (
                "the name",
                keys.identity_key(self.surname, self.first_name, self.patronymic, self.birth_year),
                Prisoner.identity_key,
            ),
            ("the name", keys.names_search_key(full_name, self.name_latin), Prisoner.search_key),
        ]
        if self.facility is not None:
            values.append(("facility_name", keys.fold(self.facility.name), Facility.name_key))
        for name, value, column in values:
            limit = _length_limit(column, name)
            if isinstance(value, str) and limit is not None and len(value) > limit:
                raise InvalidRecord(f"{name} is too long: {len(value)} characters, at most {limit}")

    # Flat form, for CSV and JSON: facility fields are prefixed with ``facility_``.
    def to_flat(self) -> dict[str, object]:
        """The record as one flat row (dates as ISO strings, lists as lists)."""
        row = {k: v for k, v in asdict(self).items() if k != "facility"}
        for key in ("birth_date", "verified_on", "read_on"):
            row[key] = row[key].isoformat() if row[key] else None
        facility = asdict(self.facility) if self.facility else {}
        for f in fields(FacilityRecord):
            row[f"facility_{f.name}"] = facility.get(f.name)
        return row

    @classmethod
    def from_flat(cls, row: dict[str, object]) -> PrisonerRecord:
        """Build and validate a record from a flat row (CSV strings or JSON values)."""
        known = {f.name for f in fields(cls)} - {"facility"} | FLAT_FACILITY_FIELDS
        unknown = set(row) - known
        if unknown:
            raise InvalidRecord(f"unknown column(s): {', '.join(sorted(unknown))}")
        values = {k: _blank_to_none(v) for k, v in row.items()}
        facility_values = {
            name.removeprefix("facility_"): values.pop(name)
            for name in list(values)
            if name in FLAT_FACILITY_FIELDS
        }
        facility = None
        if any(v not in (None, []) for v in facility_values.values()):
            facility_values["services"] = _list(
                facility_values.get("services"), "facility_services"
            )
            facility_values["kind"] = facility_values.get("kind") or FacilityKind.OTHER.value
            facility = FacilityRecord(**facility_values)
        record = cls(
            surname=_text(values.get("surname")),
            first_name=_text(values.get("first_name")),
            dative_name=_text(values.get("dative_name")),
            patronymic=values.get("patronymic"),
            name_latin=values.get("name_latin"),
            gender=values.get("gender"),
            birth_year=_int(values.get("birth_year"), "birth_year"),
            birth_date=_date(values.get("birth_date"), "birth_date"),
            status=values.get("status") or PrisonerStatus.UNKNOWN.value,
            facility=facility,
            address_presumed=_bool(values.get("address_presumed"), "address_presumed"),
            verified_on=_date(values.get("verified_on"), "verified_on"),
            read_on=_date(values.get("read_on"), "read_on"),
            source_url=values.get("source_url"),
            services=_list(values.get("services"), "services"),
            summary=values.get("summary"),
            interests=values.get("interests"),
            needs_review=values.get("needs_review"),
        )
        if not record.dative_name and record.surname and record.first_name:
            record.decline_name()
        return record.validate()

    def decline_name(self) -> None:
        """Fill an empty ``dative_name`` by declining the name; flag it when unsure."""
        from letters.directory.names import IncompleteName, to_dative

        full_name = " ".join(p for p in (self.surname, self.first_name, self.patronymic) if p)
        try:
            declined = to_dative(full_name, self.gender)
        except IncompleteName:
            raise InvalidRecord("dative_name is empty and the name cannot be declined") from None
        self.dative_name = declined.dative
        if not declined.confident:
            self.add_review(DATIVE_UNCERTAIN)

    def add_review(self, code: str) -> None:
        """Add a reason for a coordinator to look at the record (once)."""
        codes = (self.needs_review or "").split()
        if code not in codes:
            self.needs_review = " ".join([*codes, code])


FLAT_FACILITY_FIELDS = {f"facility_{f.name}" for f in fields(FacilityRecord)}
FLAT_FIELDS: tuple[str, ...] = tuple(
    [f.name for f in fields(PrisonerRecord) if f.name != "facility"]
    + [f"facility_{f.name}" for f in fields(FacilityRecord)]
)


def _length_limit(column, name: str) -> int | None:
    """The most characters ``column`` (a mapped attribute, or a model holding ``name``) takes."""
    if isinstance(column, type):
        attribute = getattr(column, name.removeprefix("facility_"), None)
        if attribute is None or not hasattr(attribute, "type"):
            return None
        column = attribute
    return getattr(column.type, "length", None)


def _check_services(services: list[str], column: str) -> None:
    unknown = [s for s in services if s not in SERVICE_IDS]
    if unknown:
        raise InvalidRecord(
            f"{column}: unknown service(s) {', '.join(unknown)}; known: {', '.join(SERVICE_IDS)}"
        )


def _blank_to_none(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _text(value) -> str:
    return str(value) if value is not None else ""


def _int(value, column: str) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    try:
        return int(str(value))
    except ValueError:
        raise InvalidRecord(f"{column} {value!r} is not a whole number") from None


def _date(value, column: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidRecord(f"{column} {value!r} is not a date (YYYY-MM-DD)") from None


def _bool(value, column: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in ("1", "true", "yes", "да"):
        return True
    if text in ("0", "false", "no", "нет"):
        return False
    raise InvalidRecord(f"{column} {value!r} is not true or false")


def _list(value, column: str) -> list[str]:
    """Lists are JSON arrays, or space/comma/semicolon-separated in CSV."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        return [part for part in re.split(r"[\s,;]+", value) if part]
    raise InvalidRecord(f"{column} must be a list")
