"""The renderer's entry points: bytes in, bytes out, no Flask.

* :func:`render_letter_pdf` — one letter (A4 or US Letter), with reply sheets.
* :func:`render_envelopes_pdf` — envelopes only, one per page.
* :func:`render_labels_pdf` — address labels on A4 label sheets.
* :func:`render_part` — many letters (at most :data:`MAX_PART`): a letters PDF and an
  envelopes PDF in the same order. Volunteer batches and ``letters render``
  (:mod:`letters.bulk.parts`) both print through it; each splits a larger set into parts.

Every function takes ``invariant=True`` for byte-identical output (tests, caching).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from letters.pdf.envelope import (
    EnvelopePlan,
    plan_jobs,
    render_envelopes_pdf,
    render_planned_envelopes_pdf,
)
from letters.pdf.labels import render_labels_pdf
from letters.pdf.layout import DEFAULT_ENVELOPE, ENVELOPES
from letters.pdf.letter import (
    render_letter_pdf,
    render_letters_pdf,
    render_letters_pdf_counting,
)
from letters.pdf.model import BatchItem
from letters.pdf.text import OnUnsupported

__all__ = [
    "MAX_PART",
    "RenderedPart",
    "envelope_plans",
    "render_envelopes_pdf",
    "render_labels_pdf",
    "render_letter_pdf",
    "render_letters_pdf",
    "render_part",
]

MAX_PART = 500  # letters a part: a ReportLab document lives in memory until saved


@dataclass(frozen=True)
class RenderedPart:
    """Letters and their envelopes, in order: a letters PDF and an envelopes PDF.

    The envelopes PDF has the envelopes in the same order as the letters (a letter's reply
    envelope right after its outgoing one), so the stacks can be matched by hand.
    """

    letters_pdf: bytes
    envelopes_pdf: bytes | None  # None when no envelopes were asked for
    letter_pages: tuple[int, ...]  # each letter's page count, in order


def envelope_plans(item: BatchItem, envelope_format: str) -> list[EnvelopePlan]:
    """The item's envelope and reply envelope, laid out and checked (raises ``PdfError``)."""
    return list(plan_jobs(item.envelopes, ENVELOPES[envelope_format]))


def render_part(
    items: Sequence[BatchItem],
    envelope_format: str | None = DEFAULT_ENVELOPE,
    *,
    plans: Iterable[EnvelopePlan] | None = None,
    invariant: bool = False,
    on_unsupported: OnUnsupported = "error",
    duplex: bool = False,
) -> RenderedPart:
    """Render at most :data:`MAX_PART` letters and their envelopes, in order.

    The one renderer of many letters: ``letters render`` calls it for each part of a file (in
    its worker processes), volunteer batches for each step of their progress bar.
    ``envelope_format=None`` renders the letters alone. ``plans`` are the envelopes already laid
    out (:func:`envelope_plans`, when the caller checked them first); without them each envelope
    is laid out as it is drawn. The first error (layout, characters, postcode) raises.
    """
    if len(items) > MAX_PART:
        raise ValueError(f"at most {MAX_PART} letters a part, not {len(items)}")
    letters_pdf, pages = render_letters_pdf_counting(
        [item.letter for item in items],
        invariant=invariant,
        on_unsupported=on_unsupported,
        duplex=duplex,
    )
    if envelope_format is None:
        return RenderedPart(letters_pdf, None, tuple(pages))
    if plans is None:
        jobs = (job for item in items for job in item.envelopes)
        plans = plan_jobs(jobs, ENVELOPES[envelope_format])
    envelopes_pdf = render_planned_envelopes_pdf(plans, envelope_format, invariant=invariant)
    return RenderedPart(letters_pdf, envelopes_pdf, tuple(pages))
