"""The renderer's entry points: bytes in, bytes out, no Flask.

* :func:`render_letter_pdf` — one letter (A4 or US Letter), with reply sheets.
* :func:`render_letter_with_envelope` — one PDF: the envelope page(s), then the letter.
* :func:`render_envelopes_pdf` — envelopes only, one per page.
* :func:`render_labels_pdf` — address labels on A4 label sheets.
* :func:`render_batch` — many letters: a letters PDF and an envelopes PDF in the same order,
  split into parts of at most ``chunk_size`` letters (in this process: volunteer batches are
  printed inside the app; ``letters render`` prints its parts on every core, see
  :mod:`letters.bulk.parts`).

Every function takes ``invariant=True`` for byte-identical output (tests, caching).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import NextPageTemplate, PageBreak

from letters.pdf.envelope import render_envelopes_pdf
from letters.pdf.labels import render_labels_pdf
from letters.pdf.letter import (
    build_pdf,
    envelope_pages_story,
    letter_story,
    render_letter_pdf,
    render_letters_pdf,
    render_letters_pdf_counting,
)
from letters.pdf.model import Address, BatchItem, EnvelopeJob, Letter
from letters.pdf.text import OnUnsupported

__all__ = [
    "BatchPart",
    "render_batch",
    "render_envelopes_pdf",
    "render_labels_pdf",
    "render_letter_pdf",
    "render_letter_with_envelope",
    "render_letters_pdf",
]

MAX_CHUNK = 500  # a ReportLab document lives in memory until saved: bound its size


def render_letter_with_envelope(
    letter: Letter,
    recipient: Address,
    sender: Address,
    envelope_format: str = "C6",
    *,
    from_abroad: bool = False,
    reply: EnvelopeJob | None = None,
    invariant: bool = False,
    on_unsupported: OnUnsupported = "error",
) -> bytes:
    """One PDF: the envelope page (and the reply envelope, if any), then the letter's pages.

    Envelope pages have the envelope's size, letter pages the letter's paper; only the letter's
    own pages are counted in «стр. 1 из 2».
    """
    jobs = [EnvelopeJob(recipient, sender, from_abroad)] + ([reply] if reply else [])
    story = envelope_pages_story(jobs, envelope_format)
    story += [NextPageTemplate(letter.paper), PageBreak()]
    story += letter_story(letter, 0, on_unsupported)
    return build_pdf(story, f"env-{envelope_format}", title="Письмо", invariant=invariant)


@dataclass(frozen=True)
class BatchPart:
    """One part of a batch: letters ``start`` … ``start + count - 1``, as two PDFs.

    The envelopes PDF has the envelopes in the same order as the letters (a letter's reply
    envelope right after its outgoing one), so the stacks can be matched by hand.
    """

    number: int  # 1-based
    start: int  # index of the first item in the batch
    count: int
    letters_pdf: bytes
    envelopes_pdf: bytes
    letter_pages: tuple[int, ...] = ()  # each letter's page count, in order

    @property
    def filenames(self) -> tuple[str, str]:
        """Suggested file names for the two PDFs."""
        return f"letters-{self.number:03d}.pdf", f"envelopes-{self.number:03d}.pdf"


def _render_part(
    items: Sequence[BatchItem],
    envelope_format: str,
    invariant: bool,
    on_unsupported: OnUnsupported,
    duplex: bool,
) -> tuple[bytes, bytes, list[int]]:
    letters_pdf, pages = render_letters_pdf_counting(
        [item.letter for item in items],
        invariant=invariant,
        on_unsupported=on_unsupported,
        duplex=duplex,
    )
    jobs: list[EnvelopeJob] = []
    for item in items:
        jobs.append(item.envelope)
        if item.reply:
            jobs.append(item.reply)
    envelopes_pdf = render_envelopes_pdf(jobs, envelope_format, invariant=invariant)
    return letters_pdf, envelopes_pdf, pages


def render_batch(
    items: Sequence[BatchItem],
    envelope_format: str = "C6",
    *,
    invariant: bool = False,
    chunk_size: int = MAX_CHUNK,
    on_unsupported: OnUnsupported = "error",
    duplex: bool = False,
) -> list[BatchPart]:
    """Render many letters and their envelopes, in order, as parts of ≤ ``chunk_size`` letters.

    Up to ``chunk_size`` letters (at most 500) give one part: one letters PDF and one envelopes
    PDF. Larger batches are split into several parts. The first error (layout, characters,
    postcode) aborts the batch.
    """
    if not items:
        return []
    chunk_size = max(1, min(chunk_size, MAX_CHUNK))
    parts = []
    for start in range(0, len(items), chunk_size):
        chunk = items[start : start + chunk_size]
        letters_pdf, envelopes_pdf, pages = _render_part(
            chunk, envelope_format, invariant, on_unsupported, duplex
        )
        number = start // chunk_size + 1
        parts.append(BatchPart(number, start, len(chunk), letters_pdf, envelopes_pdf, tuple(pages)))
    return parts
