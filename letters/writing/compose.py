"""From a prisoner and what the writer typed to the renderer's inputs (plain Python)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from letters import addressing
from letters.draft import Draft
from letters.pdf import Address, BatchItem, EnvelopeJob, reply_envelope_job
from letters.pdf.layout import DEFAULT_ENVELOPE, ENVELOPES

if TYPE_CHECKING:
    from letters.directory.models import Prisoner

# Days a draft is kept in the browser: stated on the write page and the privacy page;
# write.js forgets older drafts.
DRAFT_DAYS = 7


def pasted_text(draft: Draft) -> str:
    """The whole letter as it goes into a service's form: greeting, text, signature."""
    parts = ((draft.greeting or "").strip(), draft.text.strip(), (draft.signature or "").strip())
    return "\n\n".join(part for part in parts if part)


def envelope_job(
    prisoner: Prisoner, draft: Draft, organisation: Address | None = None
) -> EnvelopeJob:
    """The outgoing envelope (``organisation``: the reply address, for replies through it)."""
    return EnvelopeJob(
        addressing.prisoner_address(prisoner),
        draft.sender_block(organisation),
        draft.sender.abroad,
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
    clean_address(draft.sender_block(organisation), BLOCK_SENDER)
    output = draft.envelope_format if draft.envelope_format in ENVELOPES else DEFAULT_ENVELOPE
    job = envelope_job(prisoner, draft, organisation)
    item = BatchItem(
        draft.letter(organisation=organisation),  # replies through it: its address and a code
        job.recipient,
        job.sender,
        job.from_abroad,
        reply=reply_job(prisoner, draft, organisation) if draft.reply_kit else None,
        envelope_format=output,
    )
    check_printable(item, output, letter=False)  # laid out as the batch will, or raise


def reply_job(prisoner: Prisoner, draft: Draft, organisation: Address | None) -> EnvelopeJob:
    """An envelope addressed back to the writer, or to the organisation when the writer chose
    replies through it, from the prisoner."""
    return reply_envelope_job(
        addressing.prisoner_as_sender(prisoner), draft.sender_block(organisation)
    )
