"""From a prisoner and what the writer typed to the renderer's inputs (plain Python)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from letters.directory.address import format_house
from letters.directory.models import Prisoner
from letters.pdf import Address, EnvelopeJob, Letter, reply_envelope_job

ENVELOPE_FORMATS = ("C6", "DL", "C5", "C4")
REPLY_SHEETS = 1  # one blank lined sheet for the answer; paper is scarce inside


class NoPostalAddress(ValueError):
    """The prisoner cannot be written to by post right now."""


@dataclass(frozen=True)
class Draft:
    """What the writer typed, as the form delivers it."""

    text: str
    greeting: str | None = None
    signature: str | None = None
    sender_name: str | None = None
    sender_address: str | None = None
    from_abroad: bool = False
    sender_country: str | None = None
    envelope_format: str = "C6"
    paper: str = "A4"
    reply_kit: bool = False
    letter_date: date | None = None


def recipient_address(prisoner: Prisoner) -> Address:
    """The prisoner's envelope address, from the directory as it stands now."""
    facility = prisoner.facility
    if facility is None or not prisoner.status.can_receive_post:
        raise NoPostalAddress(prisoner.full_name)
    name = f"{prisoner.dative_name},"
    year = f"{prisoner.birth_year} г. р." if prisoner.birth_year else ""
    street = ", ".join(
        p for p in (facility.street, format_house(facility.house, facility.building)) if p
    )
    return Address(
        name_lines=(name, year) if year else (prisoner.dative_name,),
        facility=facility.name,
        street_line=street,
        locality=facility.locality or "",
        district=facility.district or "",
        region=facility.region or "",
        postcode=facility.postcode or "",
    )


POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def russian_postcode(address_text: str | None) -> str | None:
    """The six-digit postcode in a Russian address as typed, if there is one."""
    match = POSTCODE.search(address_text or "")
    return match.group(1) if match else None


def sender_address(draft: Draft) -> Address:
    """The writer's block: first the name, then the address lines as typed.

    A Russian address's postcode is taken out of the lines into its own field, so that a reply
    envelope addressed back to the writer gets the postcode stencil.
    """
    text = draft.sender_address or ""
    postcode = "" if draft.from_abroad else (russian_postcode(text) or "")
    if postcode:
        text = POSTCODE.sub("", text, count=1)
    lines = [line.strip(" ,") for line in text.splitlines() if line.strip(" ,")]
    country = (draft.sender_country or "").strip().upper() if draft.from_abroad else ""
    if country and lines and lines[-1].upper() == country:
        lines = lines[:-1]  # the country goes on its own line, once
    return Address(
        name_lines=(draft.sender_name or "",),
        street_line=", ".join(lines[:-1]) if len(lines) > 1 else "",
        locality=lines[-1] if lines else "",
        postcode=postcode,
        country=country,
    )


def letter_of(draft: Draft, today: date | None = None) -> Letter:
    """The letter pages (with a blank reply sheet when the reply kit is wanted)."""
    return_address = "\n".join(
        p
        for p in (
            draft.sender_address or "",
            (draft.sender_country or "") if draft.from_abroad else "",
        )
        if p
    )
    return Letter(
        text=draft.text,
        date=draft.letter_date or today or date.today(),
        greeting=draft.greeting or None,
        signature=draft.signature or None,
        sender_name=draft.sender_name or None,
        return_address=return_address or None,
        paper="LETTER" if draft.paper == "LETTER" else "A4",
        reply_sheets=REPLY_SHEETS if draft.reply_kit else 0,
    )


def prisoner_as_sender(prisoner: Prisoner) -> Address:
    """The prisoner as the sender of a reply: nominative name, the facility as «Откуда»."""
    recipient = recipient_address(prisoner)
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


def envelope_job(prisoner: Prisoner, draft: Draft) -> EnvelopeJob:
    """The outgoing envelope."""
    return EnvelopeJob(recipient_address(prisoner), sender_address(draft), draft.from_abroad)


def reply_job(prisoner: Prisoner, draft: Draft, organisation: Address | None) -> EnvelopeJob:
    """An envelope addressed back to the writer (or the organisation), from the prisoner."""
    return reply_envelope_job(prisoner_as_sender(prisoner), sender_address(draft), organisation)
