"""From directory records and typed text to the renderer's :class:`~letters.pdf.Address`.

One place for the rules the envelope, the reply envelope, ``letters render`` and volunteer
batches share: the recipient's name in the dative with «1981 г. р.», the street line with the
house, the postcode in its own field, the sender's country on its own line.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from letters.directory.address import (
    MSG_SENDER_COUNTRY,
    ParsedAddress,
    Sender,
    address_parts,
    country_code,
    recipient_block,
)
from letters.messages import N_
from letters.pdf import Address
from letters.pdf.errors import ADDRESS_PART_NAMES, BLOCK_SENDER, PdfError

if TYPE_CHECKING:
    # Typed text needs no database: `letters render` addresses letters without loading it.
    from letters.directory.models import Prisoner


class NoPostalAddress(ValueError):
    """The prisoner cannot be written to by post now; ``code`` says why (an ``UNREACHABLE``
    key of :mod:`letters.directory.reachability`)."""

    def __init__(self, prisoner: Prisoner, code: str):
        super().__init__(f"{prisoner.full_name}: {code}")
        self.code = code


def prisoner_address(prisoner: Prisoner) -> Address:
    """The prisoner's envelope address, from the directory as it stands now."""
    from letters.directory.reachability import unreachable

    facility = prisoner.facility
    if code := unreachable(prisoner):  # an unchecked address: never without the words not read
        raise NoPostalAddress(prisoner, code)
    return recipient_block(
        recipient=prisoner.dative_name,
        birth_year=prisoner.birth_year,
        facility=facility.name,
        **address_parts(facility),
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
    return recipient_block(
        recipient=parsed.recipient,
        birth_year=parsed.birth_year,
        facility=parsed.facility,
        **address_parts(parsed),
    )


class SenderCountryMissing(PdfError):
    """A foreign return address that names no country: the envelope would make it a Russian
    one (RUSSIA under it), and no reply could find the way back."""

    msgid = MSG_SENDER_COUNTRY
    block = BLOCK_SENDER
    part = ADDRESS_PART_NAMES["country"]


class NoReplyAddress(PdfError):
    """A letter whose replies go through the organisation, when the deployment has no reply
    address (any more): it cannot say where the answer goes."""

    msgid = N_(
        "Replies were to go through the organisation, but no reply address is set: a "
        "coordinator sets it under Coordination → Reply address."
    )
    block = BLOCK_SENDER


class NoReplyCode(PdfError):
    """Replies through the organisation need the letter's reply code, which only a letter in
    the queue has: without it nobody could match the answer."""

    msgid = N_(
        "Replies through the organisation need a reply code, which a letter gets when it is "
        "queued: queue it, or give your own address for replies."
    )
    block = BLOCK_SENDER


def organisation_return_address(organisation: Address) -> str:
    """The organisation's address as the letter's «Адрес для ответа» lines: its name too."""
    lines = [*organisation.name_lines, *organisation.place_lines()]
    return "\n".join([*lines, *([organisation.country] if organisation.country else [])])


def reply_recipient(organisation: Address, code: str) -> Address:
    """The organisation's block on a reply envelope, with the code under its name."""
    return dataclasses.replace(
        organisation, name_lines=(*organisation.name_lines, f"Код ответа {code}")
    )


def sender_address(sender: Sender) -> Address:
    """The writer's block on an envelope: the name, then the address lines as written.

    A Russian address's postcode is in its own field, so that a reply envelope addressed back
    to the writer gets the postcode stencil; from abroad, the country is printed once, in
    capitals, on its own line. Raises :class:`SenderCountryMissing` for a foreign address
    without its country (every path holds such a letter with that reason).
    """
    if sender.problem:
        raise SenderCountryMissing()
    return _sender_block(sender)


def _sender_block(sender: Sender) -> Address:
    lines = sender.lines
    return Address(
        name_lines=(sender.name,),
        street_line=", ".join(lines[:-1]),
        locality=lines[-1] if lines else "",
        postcode=sender.postcode,
        country=sender.country,
    )


def return_address(sender: Sender) -> str | None:
    """The return address under the letter's signature: the envelope block's place lines."""
    block = _sender_block(sender)
    lines = [*block.place_lines(), *([block.country] if block.country else [])]
    return "\n".join(lines) or None


_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")


def in_latin(text: str) -> str:
    """Cyrillic words written in Latin letters as Russian international passports write them
    (ICAO Doc 9303); a word in capitals stays in capitals («ХАЙФА» → «KHAIFA»)."""
    import iuliia  # only a writer abroad's Cyrillic address needs it

    def word(match: re.Match[str]) -> str:
        latin = iuliia.ICAO_DOC_9303.translate(match.group(0))
        return latin.upper() if match.group(0).isupper() and len(match.group(0)) > 1 else latin

    return _CYRILLIC_WORD.sub(word, text)


def latin_country(country: str) -> str:
    """The country's English name in capitals («ФРАНЦИЯ» → «FRANCE»), as the post reads it."""
    from babel import Locale

    code = country_code(country)
    name = Locale.parse("en").territories.get(code) if code else None
    return (name or in_latin(country)).upper()


def latin_address(sender: Sender) -> str:
    """A writer abroad's return address in Latin letters, line by line, the country last."""
    lines = [in_latin(line) for line in sender.lines]
    return "\n".join([*lines, *([latin_country(sender.country)] if sender.country else [])])
