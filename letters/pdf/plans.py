"""Will a letter print, and how: the one printability check, which returns what it laid out.

:func:`check_printable` checks a letter's characters against the letter font and lays out its
envelopes (or its address label) on the chosen output, raising the renderer's
:class:`~letters.pdf.errors.PdfError` with a reason a person can act on. What it returns, a
:class:`PrintPlan`, is what :func:`letters.pdf.render.render_plans` draws: nothing is laid out
twice, and what was checked is exactly what prints. ``letters render``, the queue's import,
the writer's queue and volunteer batches all check through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from letters.pdf.envelope import EnvelopePlan, job_layout, plan_job
from letters.pdf.fit import Fitted
from letters.pdf.labels import plan_label
from letters.pdf.layout import (
    DEFAULT_ENVELOPE,
    ENVELOPES,
    LABEL_OUTPUTS,
    LABEL_SHEETS,
    envelope_for,
)
from letters.pdf.letter import clean_letter
from letters.pdf.model import BatchItem

__all__ = ["PrintPlan", "Stack", "check_printable", "plan_envelopes"]


@dataclass(frozen=True)
class Stack:
    """Envelopes that go through the printer's feed together: one size, outgoing or reply."""

    format: str  # a key of ENVELOPES
    reply: bool = False


@dataclass(frozen=True)
class PrintPlan:
    """One letter checked and laid out: what to draw, and on which stack each envelope goes."""

    item: BatchItem
    output: str | None  # an ENVELOPES format, a label sheet (LABEL_SHEETS) or None
    envelopes: tuple[EnvelopePlan, ...] = ()  # the outgoing envelope, then the reply
    label: Fitted | None = None  # the address label, on a label sheet

    @property
    def stacks(self) -> tuple[Stack, ...]:
        """Each envelope's stack, in the order of :attr:`envelopes`."""
        return tuple(
            Stack(plan.layout.name, reply=index > 0) for index, plan in enumerate(self.envelopes)
        )


def plan_envelopes(item: BatchItem, output: str) -> tuple[EnvelopePlan, ...]:
    """The item's envelope and reply envelope laid out for a batch of ``output`` envelopes.

    The outgoing envelope is the batch's, or the writer's own size when the batch's would not
    take the letter (:func:`letters.pdf.layout.envelope_for`); the reply envelope is the size
    that fits inside it. Raises ``PdfError`` when one cannot be printed.
    """
    layout = ENVELOPES[envelope_for(item.envelope_format, output)]
    return tuple(plan_job(job, job_layout(job, layout)) for job in item.envelopes)


def check_printable(
    item: BatchItem, output: str | None = DEFAULT_ENVELOPE, *, letter: bool = True
) -> PrintPlan:
    """The item laid out on ``output``, or the renderer's :class:`PdfError` saying why not.

    ``output`` is an envelope format (``ENVELOPES``), a label sheet (``LABEL_SHEETS``, or its
    batch name from ``LABEL_OUTPUTS``) or ``None`` for the letter alone. ``letter=False`` checks
    the envelopes or label alone (batches remove what the font lacks from a letter's text by the
    documented rule, but never change an address).
    """
    if letter:
        clean_letter(item.letter)
    output = LABEL_OUTPUTS.get(output, output) if output else output
    if output in LABEL_SHEETS:
        return PrintPlan(item, output, label=plan_label(item.recipient, output, item.from_abroad))
    if output is not None:
        return PrintPlan(item, output, envelopes=plan_envelopes(item, output))
    return PrintPlan(item, None)
