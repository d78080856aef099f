"""From directory records and typed text to the renderer's :class:`~letters.pdf.Address`.

One place for the rules the envelope, the reply envelope, ``letters render`` and volunteer
batches share: the recipient's name in the dative with «1981 г. р.», the street line with the
house, the postcode in its own field, the sender's country on its own line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from letters.directory.address import ParsedAddress, format_house
from letters.pdf import Address

if TYPE_CHECKING:
    # Typed text needs no database: `letters render` addresses letters without loading it.
    from letters.directory.models import Prisoner

POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


class NoPostalAddress(ValueError):
    """The prisoner cannot be written to by post now; ``code`` says why (a presenter notice)."""

    def __init__(self, prisoner: Prisoner, code: str):
        super().__init__(f"{prisoner.full_name}: {code}")
        self.code = code


def russian_postcode(text: str | None) -> str | None:
    """The six-digit postcode in an address as typed, if there is one."""
    match = POSTCODE.search(text or "")
    return match.group(1) if match else None


def _recipient(name: str, birth_year: int | None, **place: str | None) -> Address:
    year = f"{birth_year} г. р." if birth_year else ""
    street = ", ".join(
        p
        for p in (place.pop("street"), format_house(place.pop("house"), place.pop("building")))
        if p
    )
    return Address(
        name_lines=(f"{name},", year) if year else (name,),
        street_line=street,
        **{key: value or "" for key, value in place.items()},
    )


def prisoner_address(prisoner: Prisoner) -> Address:
    """The prisoner's envelope address, from the directory as it stands now."""
    from letters.directory.models import PrisonerStatus

    facility = prisoner.facility
    if not prisoner.status.can_receive_post or facility is None:
        code = {
            PrisonerStatus.RELEASED: "released",
            PrisonerStatus.DECEASED: "deceased",
            PrisonerStatus.TRANSFERRED: "transferred",
        }.get(prisoner.status, "unknown")
        raise NoPostalAddress(prisoner, code)
    return _recipient(
        prisoner.dative_name,
        prisoner.birth_year,
        facility=facility.name,
        street=facility.street,
        house=facility.house,
        building=facility.building,
        locality=facility.locality,
        district=facility.district,
        region=facility.region,
        postcode=facility.postcode,
    )


def prisoner_as_sender(prisoner: Prisoner) -> Address:
    """The prisoner as the sender of a reply: the name in the nominative, the facility."""
    recipient = prisoner_address(prisoner)
    year = f", {prisoner.birth_year} г. р." if prisoner.birth_year else ""
    return Address(
        name_lines=(f"{prisoner.full_name}{year}",),
        facility=recipient.facility,
        street_line=recipient.street_line,
        locality=recipient.locality,
        district=recipient.district,
        region=recipient.region,
        postcode=recipient.postcode,
    )


def parsed_address(parsed: ParsedAddress) -> Address:
    """A published address block (as read by the address parser) as an envelope address."""
    return _recipient(
        parsed.recipient or "",
        parsed.birth_year,
        facility=parsed.facility,
        street=parsed.street,
        house=parsed.house,
        building=parsed.building,
        locality=parsed.locality,
        district=parsed.district,
        region=parsed.region,
        postcode=parsed.postcode,
    )


def sender_address(
    name: str | None, address: str | None, *, from_abroad: bool = False, country: str | None = None
) -> Address:
    """The writer's block: the name, then the address lines as typed.

    A Russian address's postcode goes into its own field, so that a reply envelope addressed
    back to the writer gets the postcode stencil. From abroad, the country (given, or else the
    last line) is printed once, in capitals, on its own line.
    """
    lines = [line.strip(" ,") for line in (address or "").splitlines() if line.strip(" ,")]
    country = (country or "").strip().upper() if from_abroad else ""
    if from_abroad and lines and (not country or lines[-1].upper() == country):
        country = lines.pop().upper()  # the last line is the country: print it once
    postcode = ""
    if not from_abroad:
        for index, line in enumerate(lines):
            if found := russian_postcode(line):
                postcode = found
                lines[index] = POSTCODE.sub("", line, count=1).strip(" ,")
                break
        lines = [line for line in lines if line]
    return Address(
        name_lines=(name or "",),
        street_line=", ".join(lines[:-1]),
        locality=lines[-1] if lines else "",
        postcode=postcode,
        country=country,
    )
