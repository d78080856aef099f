"""From a prisoner and what the writer typed to the renderer's inputs (plain Python)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from letters import addressing
from letters.directory.models import Prisoner
from letters.pdf import Address, BatchItem, EnvelopeJob, Letter, reply_envelope_job
from letters.pdf.layout import DEFAULT_ENVELOPE, ENVELOPES

REPLY_SHEETS = 1  # one blank lined sheet for the answer; paper is scarce inside


@dataclass(frozen=True)
class Draft:
    """What the writer typed, as the form delivers it."""

    text: str
    greeting: str | None = None
    signature: str | None = None
    sender_name: str | None = None
    # The name on the letter page for a writer abroad (the envelope keeps ``sender_name``).
    sender_name_cyrillic: str | None = None
    sender_address: str | None = None
    from_abroad: bool = False
    sender_country: str | None = None
    envelope_format: str = DEFAULT_ENVELOPE
    paper: str = "A4"
    reply_kit: bool = False
    letter_date: date | None = None


def origin(draft: Draft) -> addressing.SenderOrigin:
    """Where this letter is sent from, decided from its return address (the box forces abroad)."""
    return addressing.sender_origin(
        draft.sender_address,
        country=draft.sender_country if draft.from_abroad else None,
        from_abroad=draft.from_abroad,
    )


def pasted_text(draft: Draft) -> str:
    """The whole letter as it goes into a service's form: greeting, text, signature."""
    parts = ((draft.greeting or "").strip(), draft.text.strip(), (draft.signature or "").strip())
    return "\n\n".join(part for part in parts if part)


def sender_address(draft: Draft) -> Address:
    """The writer's block on the envelope."""
    return addressing.sender_address(
        draft.sender_name,
        draft.sender_address,
        from_abroad=draft.from_abroad,
        country=draft.sender_country if draft.from_abroad else None,
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
        sender_name=draft.sender_name_cyrillic or draft.sender_name or None,
        return_address=return_address or None,
        paper="LETTER" if draft.paper == "LETTER" else "A4",
        reply_sheets=REPLY_SHEETS if draft.reply_kit else 0,
    )


def envelope_job(prisoner: Prisoner, draft: Draft) -> EnvelopeJob:
    """The outgoing envelope."""
    return EnvelopeJob(
        addressing.prisoner_address(prisoner), sender_address(draft), origin(draft).abroad
    )


def check_envelopes(prisoner: Prisoner, draft: Draft, organisation: Address | None) -> None:
    """Lay out the letter's envelopes as a batch will print them; raise the renderer's
    :class:`~letters.pdf.PdfError` (a message the writer can act on) when one cannot be.

    A letter is only accepted into the queue when this passes: a batch must never meet a
    letter it cannot print.
    """
    from letters.pdf.envelope import clean_address
    from letters.pdf.errors import BLOCK_SENDER
    from letters.pdf.plans import check_printable

    # The writer's own block first: a character it cannot print is theirs to correct.
    clean_address(sender_address(draft), BLOCK_SENDER)
    output = draft.envelope_format if draft.envelope_format in ENVELOPES else DEFAULT_ENVELOPE
    job = envelope_job(prisoner, draft)
    item = BatchItem(
        letter_of(draft),
        job.recipient,
        job.sender,
        job.from_abroad,
        reply=reply_job(prisoner, draft, organisation) if draft.reply_kit else None,
        envelope_format=output,
    )
    check_printable(item, output, letter=False)  # laid out as the batch will, or raise


def reply_job(prisoner: Prisoner, draft: Draft, organisation: Address | None) -> EnvelopeJob:
    """An envelope addressed back to the writer (or the organisation), from the prisoner."""
    return reply_envelope_job(
        addressing.prisoner_as_sender(prisoner), sender_address(draft), organisation
    )
