"""One letter, one shape: what a writer wrote, however it reached us.

A letter comes from a web form (the writer's page, an evening's page, a postcard), from a
record of a file (``letters render``, ``letters queue import``) or from a row of the queue.
:class:`Draft` is that letter, and its constructors are the only place that lists a letter's
fields: the form's fields, the record's and the queue's columns carry the same names.
The writer's return address is read once, by the directory's address parser
(:func:`letters.directory.address.parse_sender`), and kept read.

Plain Python: ``letters render`` uses it without Flask or the database.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from letters import addressing
from letters.directory.address import Sender, parse_sender, parse_sender_block
from letters.pdf.layout import DEFAULT_ENVELOPE
from letters.pdf.model import Address, Letter

REPLY_SHEETS = 1  # one blank lined sheet for the answer; paper is scarce inside

# Where the prisoner's answer goes: the writer's own return address, or the organisation's
# reply address (letters.replies), the letter then carrying a reply code instead of an address.
REPLIES_OWN = "own"
REPLIES_ORGANISATION = "organisation"
REPLIES = (REPLIES_OWN, REPLIES_ORGANISATION)

# The queue's columns holding the read return address, and the Sender's part each holds.
SENDER_COLUMNS = {
    "sender_name": "name",
    "sender_address": "lines",
    "sender_postcode": "postcode",
    "sender_country": "country",
    "from_abroad": "abroad",
}


# A form's fields for the writer's return address, read into one Sender.
TYPED_SENDER = ("sender_name", "sender_address", "sender_country", "from_abroad")


@dataclass(frozen=True)
class Draft:
    """A letter: its words, who sends it, and how it is to be printed."""

    text: str
    greeting: str | None = None
    signature: str | None = None
    sender: Sender = field(default_factory=Sender)
    # The name on the letter page for a writer abroad (the envelope keeps ``sender.name``).
    sender_name_cyrillic: str | None = None
    envelope_format: str = DEFAULT_ENVELOPE
    paper: str = "A4"
    reply_kit: bool = False
    letter_date: date | None = None
    replies: str = REPLIES_OWN
    # Given when a letter with replies through the organisation is queued (letters.batches.queue).
    reply_code: str | None = None
    # Where the one notice of a reply goes (replies through the organisation only; optional).
    notify_email: str | None = None

    @classmethod
    def from_typed(
        cls,
        text: str | None = "",
        *,
        sender_name: str | None = None,
        sender_address: str | None = None,
        sender_country: str | None = None,
        from_abroad: bool = False,
        **values: Any,
    ) -> Draft:
        """The letter as typed into a form's fields (named as here); the return address is
        read with :func:`~letters.directory.address.parse_sender` (the country box counts
        when "from abroad" is ticked)."""
        sender = parse_sender(
            sender_name,
            sender_address,
            country=sender_country if from_abroad else None,
            from_abroad=bool(from_abroad),
        )
        values = {name: value for name, value in values.items() if value not in (None, "")}
        return cls(text=text or "", sender=sender, **values)

    @classmethod
    def from_form(cls, form: Any) -> Draft:
        """The letter as a WTForms form delivers it (a form may lack any field but ``text``)."""
        names = (*(f.name for f in dataclasses.fields(cls)), *TYPED_SENDER)
        return cls.from_typed(**{name: form[name].data for name in names if name in form})

    @classmethod
    def from_record(
        cls,
        text: str,
        sender: str | None,
        *,
        letter_date: date,
        from_abroad: bool = False,
        replies: str = REPLIES_OWN,
    ) -> Draft:
        """A file's record: its text, its ``from`` block, its date and where replies go."""
        return cls(
            text=text,
            sender=parse_sender_block(sender, from_abroad=from_abroad),
            letter_date=letter_date,
            replies=replies,
        )

    @classmethod
    def from_queued(cls, letter: Any) -> Draft:
        """A queued letter (a ``QueuedLetter``), its return address as the queue keeps it (read
        when it was queued)."""
        values = {
            item.name: getattr(letter, item.name)
            for item in dataclasses.fields(cls)
            if item.name != "sender" and hasattr(letter, item.name)
        }
        parts = {part: getattr(letter, column) for column, part in SENDER_COLUMNS.items()}
        sender = Sender(
            name=parts["name"] or "",
            lines=tuple((parts["lines"] or "").splitlines()),
            postcode=parts["postcode"] or "",
            country=parts["country"] or "",
            abroad=bool(parts["abroad"]),
        )
        values["reply_kit"] = bool(values.get("reply_kit"))
        values["text"] = values.get("text") or ""
        return cls(**{**values, "sender": sender})

    def queued_columns(self, model: type) -> dict[str, Any]:
        """The columns of ``model`` (the queue's) for this letter, those it keeps."""
        columns = {
            item.name: getattr(self, item.name)
            for item in dataclasses.fields(self)
            if item.name != "sender" and hasattr(model, item.name)
        }
        for column, part in SENDER_COLUMNS.items():
            value = getattr(self.sender, part)
            columns[column] = "\n".join(value) if part == "lines" else value
        # Left out when empty: the queue's defaults (today's date) apply.
        return {name: value for name, value in columns.items() if value not in (None, "")}

    def sender_block(self, organisation: Address | None = None) -> Address:
        """The return block on the outgoing envelope, and so whom the reply envelope goes to:
        the writer's; with replies through the
        organisation (``organisation``: its block), the organisation's with the reply code, so
        that returned mail and a reply addressed from the envelope both reach it with the code
        (raises what holds the letter when either is missing)."""
        if self.through_organisation:
            return addressing.reply_recipient(self._organisation(organisation), self.reply_code)
        return addressing.sender_address(self.sender)

    @property
    def through_organisation(self) -> bool:
        return self.replies == REPLIES_ORGANISATION

    def _organisation(self, organisation: Address | None) -> Address:
        """The organisation's block for replies through it (raises what holds the letter)."""
        if not self.reply_code:
            raise addressing.NoReplyCode()
        if organisation is None:
            raise addressing.NoReplyAddress()
        return organisation

    def letter(self, today: date | None = None, organisation: Address | None = None) -> Letter:
        """The letter pages (with a blank reply sheet when the reply kit is wanted). With
        replies through the organisation (``organisation``: its reply envelope block), its
        address and the reply code take the place of the writer's address."""
        return_address = addressing.return_address(self.sender)
        if self.through_organisation:
            return_address = addressing.organisation_return_address(
                self._organisation(organisation)
            )
        return Letter(
            text=self.text,
            date=self.letter_date or today or date.today(),
            greeting=self.greeting or None,
            signature=self.signature or None,
            sender_name=self.sender_name_cyrillic or self.sender.name or None,
            return_address=return_address,
            paper="LETTER" if self.paper == "LETTER" else "A4",
            reply_sheets=REPLY_SHEETS if self.reply_kit else 0,
            reply_code=self.reply_code if self.through_organisation else None,
        )


# How a letter is printed, as opposed to what the writer wrote.
PRINTING = ("envelope_format", "paper", "reply_kit", "letter_date", "replies")
# How a reply finds its way back, weeks after posting: kept past the letter's purge. The code
# reveals nothing about the writer; the e-mail has its own time (retention.purge).
REPLY_WAY_BACK = ("reply_code", "notify_email")


def personal_columns() -> tuple[str, ...]:
    """The queue's columns that hold what the writer wrote (deleted after posting)."""
    kept = (*PRINTING, *REPLY_WAY_BACK, "sender")
    written = (f.name for f in dataclasses.fields(Draft) if f.name not in kept)
    return (*written, *(column for column, part in SENDER_COLUMNS.items() if part != "abroad"))
