"""Postcards for birthdays and holidays: A6, four to an A4 sheet of card stock.

The first page of each sheet carries the address sides, laid out as Russian Post expects
(«От кого»/«Откуда», «Кому»/«Куда», stamp field, postcode stencil) with the very code that draws
envelopes; the second page carries the greetings. Print double-sided, flipping on the short
edge: each greeting is placed behind its own address side (columns mirrored).

Every postcard is planned and checked before anything is drawn, as envelopes are: an address
that does not fit, a bad postcode, a character the font lacks or a greeting too long for the
card raises a :class:`~letters.pdf.errors.PdfError` the caller shows to the writer.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from letters.messages import N_
from letters.pdf.cards import draw_cut_lines
from letters.pdf.envelope import EnvelopePlan, draw_envelope_plan, new_canvas, plan_envelope
from letters.pdf.errors import PdfError
from letters.pdf.fonts import LETTER_FONTS, SERIF, register_fonts
from letters.pdf.layout import POSTCARD_MIN_FONT_SIZE, POSTCARD_SHEET, POSTCARDS, CardSheet
from letters.pdf.model import Address
from letters.pdf.text import OnUnsupported, clean_text, markup, paragraphs


class GreetingTooLong(PdfError):
    """The greeting does not fit the postcard even in the smallest type."""

    msgid = N_("The greeting does not fit on a postcard even in the smallest type. Shorten it.")


@dataclass(frozen=True)
class PostcardJob:
    """One postcard: who it goes to, who sends it, and the greeting."""

    recipient: Address
    sender: Address
    text: str
    from_abroad: bool = False


@dataclass(frozen=True)
class PostcardPlan:
    """A postcard checked and laid out: nothing about it can fail any more."""

    address_side: EnvelopePlan
    greeting: list[Paragraph]


def _greeting(text: str, sheet: CardSheet, on_unsupported: OnUnsupported) -> list[Paragraph]:
    cleaned = clean_text(text, LETTER_FONTS, on_unsupported)
    width = (sheet.card_width - 2 * sheet.padding) * mm
    height = (sheet.card_height - 2 * sheet.padding) * mm
    size = sheet.font_size
    while size >= POSTCARD_MIN_FONT_SIZE:
        style = ParagraphStyle(
            "greeting", fontName=SERIF, fontSize=size, leading=size * 1.3, spaceAfter=size * 0.4
        )
        story = [Paragraph(markup(block), style) for block in paragraphs(cleaned)]
        used = sum(p.wrap(width, height)[1] + style.spaceAfter for p in story)
        if used <= height:
            return story
        size -= 0.5
    raise GreetingTooLong()


def plan_postcard(job: PostcardJob, *, on_unsupported: OnUnsupported = "error") -> PostcardPlan:
    """Check and lay out one postcard (raises PdfError with a message for the writer)."""
    register_fonts()
    address_side = plan_envelope(
        POSTCARDS["A6"], job.recipient, job.sender, from_abroad=job.from_abroad
    )
    return PostcardPlan(address_side, _greeting(job.text, POSTCARD_SHEET, on_unsupported))


def _draw_greeting(canvas, plan: PostcardPlan, sheet: CardSheet, position: int) -> None:
    row, col = divmod(position, sheet.columns)
    mirrored = row * sheet.columns + (sheet.columns - 1 - col)  # behind its address side
    box = sheet.card_box(mirrored)
    x = (box.x + sheet.padding) * mm
    y = (box.top - sheet.padding) * mm
    width = (box.w - 2 * sheet.padding) * mm
    for paragraph in plan.greeting:
        _, height = paragraph.wrap(width, box.h * mm)
        y -= height
        paragraph.drawOn(canvas, x, y)
        y -= paragraph.style.spaceAfter


def render_postcards_pdf(
    jobs: Iterable[PostcardJob],
    *,
    invariant: bool = False,
    on_unsupported: OnUnsupported = "error",
) -> bytes:
    """Address sides and greetings, four postcards to each A4 sheet (two pages a sheet)."""
    plans = [plan_postcard(job, on_unsupported=on_unsupported) for job in jobs]
    sheet = POSTCARD_SHEET
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, sheet.page_size, invariant)
    canvas.setTitle("Открытки")
    for start in range(0, max(len(plans), 1), sheet.per_sheet):
        group = plans[start : start + sheet.per_sheet]
        draw_cut_lines(canvas, sheet)
        for position, plan in enumerate(group):
            box = sheet.card_box(position)
            canvas.saveState()
            canvas.translate(box.x * mm, box.y * mm)
            draw_envelope_plan(canvas, plan.address_side)
            canvas.restoreState()
        canvas.showPage()
        draw_cut_lines(canvas, sheet)
        for position, plan in enumerate(group):
            _draw_greeting(canvas, plan, sheet, position)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
