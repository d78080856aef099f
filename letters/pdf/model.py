"""What the renderer prints: plain dataclasses, filled in by the web layer or a batch job.

The renderer never declines names or looks up addresses: an :class:`Address` arrives with its
lines already in the form they must be printed (the recipient's name in the dative case followed
by the year of birth, the facility name exactly as published).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Paper = Literal["A4", "LETTER"]


@dataclass(frozen=True)
class Address:
    """A postal address, in the order Russian Post reads it.

    ``name_lines`` are printed as given (e.g. ``("Миронову Сергею Геннадьевичу,", "1981 г. р.")``).
    ``facility`` is the institution (a СИЗО or colony) or an organisation; empty for a private
    person. ``country`` is empty for a domestic Russian address; an envelope sent from abroad
    adds ``RUSSIA`` itself.
    """

    name_lines: tuple[str, ...]
    facility: str = ""
    street_line: str = ""
    locality: str = ""
    district: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""

    def __post_init__(self) -> None:
        # Accept a list or a single string for convenience, store an immutable tuple.
        names = self.name_lines
        if isinstance(names, str):
            names = (names,)
        object.__setattr__(self, "name_lines", tuple(n for n in names if n and n.strip()))

    def place_lines(self) -> list[str]:
        """The «Куда»/«Откуда» lines without the country, in Russian Post order.

        Facility, street and house, locality, district, region, postcode (rules of postal
        services, decree 221 of 2005); empty parts are skipped.
        """
        parts = (
            self.facility,
            self.street_line,
            self.locality,
            self.district,
            self.region,
            self.postcode,
        )
        return [p.strip() for p in parts if p and p.strip()]


@dataclass(frozen=True)
class Letter:
    """One letter: its text and what surrounds it on paper.

    ``text`` is the body as typed; blank lines separate paragraphs and single newlines are kept.
    ``return_address`` is free text (several lines) printed under the signature so the prisoner
    can answer even if the envelope is kept by the censor.
    """

    text: str
    date: dt.date
    greeting: str | None = None
    signature: str | None = None
    sender_name: str | None = None
    return_address: str | None = None
    paper: Paper = "A4"
    reply_sheets: int = 0
    # Replies through an organisation: the code the prisoner writes on the answer (printed
    # under the return address and, with a QR code of it, on the reply sheet).
    reply_code: str | None = None

    def __post_init__(self) -> None:
        if self.paper not in ("A4", "LETTER"):
            raise ValueError(f"paper must be 'A4' or 'LETTER', not {self.paper!r}")
        if not 0 <= self.reply_sheets <= 10:
            raise ValueError("reply_sheets must be between 0 and 10")


@dataclass(frozen=True)
class EnvelopeJob:
    """One envelope to print: who it goes to and who it comes from."""

    recipient: Address
    sender: Address
    from_abroad: bool = False
    # A reply envelope travels inside the outgoing one: it is printed in the format the layout
    # table names for that (see ``EnvelopeLayout.reply``), not in the outgoing format.
    reply: bool = False


@dataclass(frozen=True)
class BatchItem:
    """One letter in a batch, with its envelope and, optionally, a reply envelope.

    ``reply`` is printed right after the outgoing envelope (see
    :func:`letters.pdf.envelope.reply_envelope_job`).
    """

    letter: Letter
    recipient: Address
    sender: Address
    from_abroad: bool = False
    reply: EnvelopeJob | None = None
    # The envelope the writer chose; a batch keeps it when its own would not take the letter
    # (see ``letters.pdf.layout.envelope_for``). None: whatever the batch prints.
    envelope_format: str | None = None

    @property
    def envelope(self) -> EnvelopeJob:
        """The outgoing envelope."""
        return EnvelopeJob(self.recipient, self.sender, self.from_abroad)

    @property
    def envelopes(self) -> tuple[EnvelopeJob, ...]:
        """The envelopes printed for this letter, in order: the outgoing one, then the reply."""
        return (self.envelope, self.reply) if self.reply else (self.envelope,)
