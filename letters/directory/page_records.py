"""Turn a parsed published page into a directory record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from letters.directory.address import address_parts
from letters.directory.models import FacilityKind
from letters.directory.published_page import PublishedPrisoner
from letters.directory.records import FacilityRecord, PrisonerRecord

# Whole words only: the abbreviations are short and appear inside longer facility names.
_KIND_PATTERNS: tuple[tuple[FacilityKind, re.Pattern[str]], ...] = (
    (FacilityKind.SIZO, re.compile(r"\bСИЗО\b|следственн\w+ изолятор", re.I)),
    (FacilityKind.LIU, re.compile(r"\bЛИУ\b|лечебн\w+ исправительн", re.I)),
    (FacilityKind.KP, re.compile(r"\bКП\b|колони\w+-поселени", re.I)),
    (FacilityKind.IC, re.compile(r"\bИЦ\b|исправительн\w+ центр", re.I)),
    (FacilityKind.IK, re.compile(r"\bИК\b|исправительн\w+ колони", re.I)),
    (FacilityKind.PRISON, re.compile(r"\bтюрьм", re.I)),
)
# E-letter services work per facility: a page naming one tells us the facility is connected.
E_LETTER_SERVICES = ("zt", "fsin_pismo")


def facility_kind(name: str) -> FacilityKind:
    """The kind of facility its official name describes."""
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(name):
            return kind
    return FacilityKind.OTHER


@dataclass
class PageRecord(PrisonerRecord):
    """A record read from a published page, with the words of its address that could not be
    placed: the import's preview shows them before anything is written."""

    unplaced: list[str] = field(default_factory=list)


def record_from_page(page: PublishedPrisoner, read_on: date | None = None) -> PageRecord:
    """The directory record for a published page read on ``read_on`` (validate before writing).

    A page gives no date: reading it confirms nothing, so the record has no ``verified_on``.
    """
    facility = None
    address = page.address
    if address is not None and address.facility:
        facility = FacilityRecord(
            name=address.facility,
            kind=facility_kind(address.facility).value,
            **address_parts(address),
            address_en=page.address_en,
            services=[s for s in page.services if s in E_LETTER_SERVICES],
        )
    return PageRecord(
        unplaced=list(address.unplaced) if address is not None else [],
        surname=page.surname,
        first_name=page.first_name,
        patronymic=page.patronymic,
        dative_name=page.dative_name,
        name_latin=page.name_latin_full or page.name_latin,
        gender=page.gender,
        birth_year=page.birth_year,
        status=page.status,
        facility=facility,
        address_presumed=page.presumed,
        read_on=read_on if facility else None,
        source_url=page.source_url,
        services=page.writable_via,
        summary=page.summary,
        needs_review=" ".join(page.needs_review) or None,
    )
