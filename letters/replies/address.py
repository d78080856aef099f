"""The reply address in force: the one a coordinator set in the browser, else ``REPLY_ADDRESS``.

An address is a block of lines, the recipient (the organisation, or the person who collects
its post) first, read by the directory's sender parser like a writer's return address: the
Russian postcode goes into its own field (the reply envelope's stencil), a country is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from letters import addressing
from letters.directory.address import Sender, parse_sender
from letters.pdf.model import Address
from letters.replies.models import ReplyAddress


@dataclass(frozen=True)
class OrganisationAddress:
    """Where replies go for writers who give no address of their own."""

    organisation: str
    cyrillic: tuple[str, ...]
    latin: tuple[str, ...]

    def sender(self, latin: bool = False) -> Sender:
        """One of the forms, read as the app reads a return address."""
        lines = self.latin if latin else self.cyrillic
        return parse_sender(lines[0], "\n".join(lines[1:]))

    @property
    def abroad(self) -> bool:
        return self.sender().abroad

    def envelope_block(self) -> Address:
        """The reply envelope's recipient: the Cyrillic form in Russia; abroad the Latin form,
        which the post of that country can read."""
        return addressing.sender_address(self.sender(latin=self.abroad))


def lines_of(text: str | None) -> tuple[str, ...]:
    """A typed block's lines, without blank ones and surrounding spaces."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def current(session: Session) -> OrganisationAddress | None:
    """The reply address in force, or None when the deployment has none."""
    row = session.scalars(select(ReplyAddress).order_by(ReplyAddress.id.desc()).limit(1)).first()
    if row is not None:
        return OrganisationAddress(row.organisation, lines_of(row.cyrillic), lines_of(row.latin))
    lines = tuple(line.strip() for line in current_app.config["REPLY_ADDRESS"] if line.strip())
    if len(lines) < 2:
        return None
    # Configured as lines only: the first names the organisation, the Latin form is made from
    # the lines as Russian international passports spell them.
    return OrganisationAddress(lines[0], lines, tuple(map(addressing.in_latin, lines)))


def current_block(session: Session) -> Address | None:
    """The reply envelope's block for the reply address in force, or None."""
    address = current(session)
    return address.envelope_block() if address else None
