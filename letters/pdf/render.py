"""The renderer's entry points: bytes in, bytes out, no Flask.

* :func:`render_letter_pdf` — one letter (A4 or US Letter), with reply sheets.
* :func:`render_envelopes_pdf` — envelopes only, one per page.
* :func:`render_labels_pdf` — address labels on A4 label sheets.
* :func:`render_plans` — many letters checked and laid out by
  :func:`letters.pdf.plans.check_printable` (at most :data:`MAX_PART`): a letters PDF and a PDF
  of envelopes for each stack (size, outgoing or reply), each in the letters' order. Volunteer
  batches and ``letters render`` (:mod:`letters.bulk.parts`) both print through it; each splits
  a larger set into parts. :func:`render_part` checks and draws in one call.

Every function takes ``invariant=True`` for byte-identical output (tests, caching).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from letters.pdf.envelope import (
    EnvelopePlan,
    draw_planned_pages,
    envelopes_canvas,
    render_envelopes_pdf,
)
from letters.pdf.labels import render_labels_pdf
from letters.pdf.layout import DEFAULT_ENVELOPE
from letters.pdf.letter import (
    render_letter_pdf,
    render_letters_pdf,
    render_letters_pdf_counting,
)
from letters.pdf.model import BatchItem
from letters.pdf.plans import PrintPlan, Stack, check_printable
from letters.pdf.text import OnUnsupported

__all__ = [
    "MAX_PART",
    "RenderedPart",
    "render_envelopes_pdf",
    "render_labels_pdf",
    "render_letter_pdf",
    "render_letters_pdf",
    "render_part",
    "render_plans",
]

MAX_PART = 500  # letters a part: a ReportLab document lives in memory until saved


@dataclass(frozen=True)
class RenderedPart:
    """Letters and their envelopes, in order: a letters PDF and a PDF for each stack.

    An envelope feed cannot change size in the middle of a job, so each size has its own PDF,
    and reply envelopes (which travel inside the outgoing ones) have theirs. Each PDF has the
    envelopes in the letters' order, so the stacks can be matched by hand.
    """

    letters_pdf: bytes
    stacks: dict[Stack, bytes]
    letter_pages: tuple[int, ...]  # each letter's page count, in order
    output: str | None = None

    @property
    def envelopes_pdf(self) -> bytes | None:
        """The outgoing envelopes of the part's own format; None when none were asked for."""
        return self.stacks.get(Stack(self.output)) if self.output else None


def render_plans(
    plans: Sequence[PrintPlan],
    *,
    invariant: bool = False,
    on_unsupported: OnUnsupported = "error",
    duplex: bool = False,
    envelopes: bool = True,
) -> RenderedPart:
    """Draw at most :data:`MAX_PART` checked letters and their envelopes, in order.

    The one renderer of many letters: it draws the plans :func:`check_printable` laid out and
    lays out nothing itself. Label sheets are drawn by the caller from each plan's ``label``
    (their positions run on across parts); ``envelopes=False`` leaves the envelopes to
    :func:`render_stacks` (a batch draws them all at once, after its letters).
    """
    if len(plans) > MAX_PART:
        raise ValueError(f"at most {MAX_PART} letters a part, not {len(plans)}")
    letters_pdf, pages = render_letters_pdf_counting(
        [plan.item.letter for plan in plans],
        invariant=invariant,
        on_unsupported=on_unsupported,
        duplex=duplex,
    )
    stacks = render_stacks(plans, invariant=invariant) if envelopes else {}
    output = plans[0].output if plans else None
    return RenderedPart(letters_pdf, stacks, tuple(pages), output)


def render_stacks(plans: Iterable[PrintPlan], *, invariant: bool = False) -> dict[Stack, bytes]:
    """The envelopes of ``plans``, a PDF for each stack, in the letters' order (outgoing stacks
    first, each in the order its first letter comes). Envelopes are drawn straight onto one
    canvas a stack, so any number of them makes one file without merging PDFs."""
    by_stack: dict[Stack, list[EnvelopePlan]] = {}
    for plan in plans:
        for stack, envelope in zip(plan.stacks, plan.envelopes, strict=True):
            by_stack.setdefault(stack, []).append(envelope)
    order = sorted(by_stack, key=lambda stack: stack.reply)
    return {stack: _envelopes_pdf(by_stack[stack], invariant) for stack in order}


def _envelopes_pdf(plans: list[EnvelopePlan], invariant: bool) -> bytes:
    buffer = io.BytesIO()
    canvas = envelopes_canvas(buffer, plans[0].layout.name, invariant)
    draw_planned_pages(canvas, plans)
    canvas.save()
    return buffer.getvalue()


def render_part(
    items: Sequence[BatchItem],
    envelope_format: str | None = DEFAULT_ENVELOPE,
    *,
    invariant: bool = False,
    on_unsupported: OnUnsupported = "error",
    duplex: bool = False,
) -> RenderedPart:
    """Check and render at most :data:`MAX_PART` letters and their envelopes, in order.

    ``envelope_format=None`` renders the letters alone. The first error (layout, characters,
    postcode) raises.
    """
    if len(items) > MAX_PART:
        raise ValueError(f"at most {MAX_PART} letters a part, not {len(items)}")
    plans = [check_printable(item, envelope_format, letter=False) for item in items]
    return render_plans(plans, invariant=invariant, on_unsupported=on_unsupported, duplex=duplex)
