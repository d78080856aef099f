"""Draw addressed envelopes on a ReportLab canvas, one envelope per page.

Envelopes are fixed positions, so they are drawn directly on the canvas (thousands of pages a
second) using the zones of :mod:`letters.pdf.layout`. The printed captions («Кому», «Куда»,
«От кого», «Откуда») are always Russian whatever the writer's interface language: the envelope is
read by Russian Post and the prison, not by the writer.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from letters.pdf import stencil
from letters.pdf.errors import (
    ADDRESS_PART_NAMES,
    BLOCK_RECIPIENT,
    BLOCK_SENDER,
    LayoutError,
    UnprintableAddress,
    UnsupportedCharacters,
)
from letters.pdf.fit import SECTION_GAP, Fitted, Section, fit_sections
from letters.pdf.fonts import ENVELOPE_FONTS, SANS, SANS_BOLD, register_fonts
from letters.pdf.layout import ENVELOPES, Box, EnvelopeLayout
from letters.pdf.model import Address, EnvelopeJob
from letters.pdf.text import clean_text

CAPTION_TO = "Кому"
CAPTION_WHERE = "Куда"
CAPTION_FROM = "От кого"
CAPTION_FROM_WHERE = "Откуда"
STAMP_CAPTION = "Место для марки"
STENCIL_CAPTION = "Индекс места назначения"
RUSSIA = "RUSSIA"  # Latin capitals so the post of the sending country can route it (UPU)
_RUSSIA_NAMES = {"", "RUSSIA", "РОССИЯ", "RUSSIAN FEDERATION", "РОССИЙСКАЯ ФЕДЕРАЦИЯ", "RU"}

HANDWRITTEN_NAME_LINES = 1
HANDWRITTEN_PLACE_LINES = 3
CAPTION_GREY = 0.35  # captions are printed matter, the address is the writing: keep it darker
RULE_GREY = 0.75


def is_russian(address: Address) -> bool:
    """True when the address is in Russia (an empty country means a domestic address)."""
    return address.country.strip().upper() in _RUSSIA_NAMES


# Memoized: a batch has many letters to the same few people (a failure raises and is not kept).
@functools.lru_cache(maxsize=8192)
def clean_address(address: Address, block: str = BLOCK_RECIPIENT) -> Address:
    """The address with every field cleaned for the envelope font (one line each).

    Nothing is ever removed from an address: a character the font cannot draw raises
    :class:`UnprintableAddress` naming ``block`` (:data:`BLOCK_RECIPIENT` or
    :data:`BLOCK_SENDER`), the part and the characters, so the letter is held until the
    address is corrected.
    """

    def c(part: str, s: str) -> str:
        try:
            return clean_text(s, ENVELOPE_FONTS).replace("\n", " ").strip()
        except UnsupportedCharacters as error:
            raise UnprintableAddress(block, ADDRESS_PART_NAMES[part], error.chars) from error

    return Address(
        name_lines=tuple(c("name_lines", n) for n in address.name_lines),
        facility=c("facility", address.facility),
        street_line=c("street_line", address.street_line),
        locality=c("locality", address.locality),
        district=c("district", address.district),
        region=c("region", address.region),
        postcode=c("postcode", address.postcode),
        country=c("country", address.country),
    )


def _country_line(address: Address, international: bool) -> str | None:
    if not is_russian(address):
        return address.country.strip().upper()
    return RUSSIA if international else None


def address_sections(
    address: Address, captions: tuple[str, str], international: bool
) -> list[Section]:
    """The two captioned sections of an address block: name, then place lines.

    Place lines follow Russian Post order (facility, street and house, locality, district,
    region, postcode) with the postcode also in plain digits, in bold; mail that crosses a
    border ends with the destination country in Latin capitals, as the UPU asks.
    """
    place = address.place_lines()
    bold_index = len(place) - 1 if address.postcode.strip() else None
    country = _country_line(address, international)
    if country:
        place.append(country)
    # A writer may leave their name and address out and write them by hand: keep the captions
    # and blank ruled lines for that.
    names = address.name_lines or ("",) * HANDWRITTEN_NAME_LINES
    places = tuple(place) or ("",) * HANDWRITTEN_PLACE_LINES
    return [
        Section(captions[0], names, SANS, SANS_BOLD),
        Section(captions[1], places, SANS, SANS_BOLD, bold_index=bold_index),
    ]


def _fit(
    sections: list[Section], box: Box, layout: EnvelopeLayout, size: float, block: str
) -> Fitted:
    width = (box.w - layout.caption_width) * mm
    fitted = fit_sections(sections, width, box.h * mm, size, layout.min_font_size)
    if fitted is None:
        raise LayoutError(block=block, format=layout.name)
    return fitted


def _draw_block(
    canvas: Canvas, fitted: Fitted, box: Box, layout: EnvelopeLayout, align_bottom: bool
) -> None:
    """Draw captions in the left column and the lines to their right, with light guide rules.

    All the block's text goes into one text object (a ``drawString`` a line made a new one
    each time, a third of an envelope's drawing time); the rules are drawn after it.
    """
    size = fitted.size
    leading = fitted.leading
    x_caption = box.x * mm
    x_text = (box.x + layout.caption_width) * mm
    top = box.top * mm
    if align_bottom:  # the recipient block sits in the lower-right corner, as on a form
        top = box.y * mm + fitted.height
    y = top
    caption_size = max(6.0, size * 0.72)
    text = canvas.beginText()
    rules: list[float] = []
    for index, (section, lines) in enumerate(fitted.sections):
        if index:
            y -= size * SECTION_GAP
        for line in lines:
            y -= leading
            baseline = y + (leading - size) * 0.5 + size * 0.2
            if line.section_start:
                text.setFillGray(CAPTION_GREY)
                text.setFont(SANS, caption_size)
                text.setTextOrigin(x_caption, baseline)
                text.textOut(section.caption)
            text.setFillGray(0)
            text.setFont(line.font, size)
            text.setTextOrigin(x_text, baseline)
            text.textOut(line.text)
            rules.append(baseline - size * 0.22)
    canvas.drawText(text)
    canvas.setStrokeGray(RULE_GREY)
    canvas.setLineWidth(0.3)
    canvas.lines([(x_text, y, box.right * mm, y) for y in rules])


def _draw_stamp(canvas: Canvas, layout: EnvelopeLayout) -> None:
    x, y, w, h = layout.stamp.points()
    canvas.setStrokeGray(0.55)
    canvas.setLineWidth(0.5)
    canvas.setDash(2, 2)
    canvas.rect(x, y, w, h, stroke=1, fill=0)
    canvas.setDash()
    canvas.setFillGray(0.55)
    canvas.setFont(SANS, 7)
    canvas.drawCentredString(x + w / 2, y + h / 2 - 2.5, STAMP_CAPTION)


@dataclass(frozen=True)
class EnvelopePlan:
    """One envelope laid out and checked, ready to draw: nothing about it can fail any more."""

    layout: EnvelopeLayout
    recipient_block: Fitted
    sender_block: Fitted
    postcode: str | None  # drawn in the stencil; None for an address outside Russia


def plan_envelope(
    layout: EnvelopeLayout,
    recipient: Address,
    sender: Address,
    *,
    from_abroad: bool = False,
) -> EnvelopePlan:
    """Clean, check and lay out one envelope.

    Raises :class:`LayoutError` when a block cannot fit even at the minimum type size,
    :class:`InvalidPostcode` when a Russian postcode is not six digits, and
    :class:`UnprintableAddress` for characters the font lacks (never dropped from an address).
    A batch plans every envelope first, so that one bad address is set aside without a page
    half drawn.
    """
    register_fonts()
    recipient = clean_address(recipient, BLOCK_RECIPIENT)
    sender = clean_address(sender, BLOCK_SENDER)
    postcode = None
    if is_russian(recipient):
        postcode = stencil.validate_postcode(recipient.postcode)
    # Sender and recipient are in different countries exactly when the letter crosses a border.
    international = from_abroad or is_russian(recipient) != is_russian(sender)
    to_sections = address_sections(recipient, (CAPTION_TO, CAPTION_WHERE), international)
    from_sections = address_sections(sender, (CAPTION_FROM, CAPTION_FROM_WHERE), international)
    to_block = _fit(to_sections, layout.recipient, layout, layout.font_size, BLOCK_RECIPIENT)
    from_block = _fit(from_sections, layout.sender, layout, layout.font_size - 1, BLOCK_SENDER)
    return EnvelopePlan(layout, to_block, from_block, postcode)


def draw_envelope_plan(canvas: Canvas, plan: EnvelopePlan) -> None:
    """Draw a planned envelope on the current page of ``canvas`` (of the envelope's size).

    The recipient block goes lower right, the sender block upper left, the stamp field upper
    right, and — for an address in Russia — the postcode stencil lower left.
    """
    layout = plan.layout
    canvas.saveState()
    _draw_stamp(canvas, layout)
    _draw_block(canvas, plan.sender_block, layout.sender, layout, align_bottom=False)
    _draw_block(canvas, plan.recipient_block, layout.recipient, layout, align_bottom=True)
    if plan.postcode:
        box = layout.stencil
        stencil.draw_stencil(canvas, plan.postcode, box.x, box.y)
        canvas.setFillGray(CAPTION_GREY)
        canvas.setFont(SANS, 6.5)
        canvas.drawString(box.x * mm, (box.y - 4.0) * mm, STENCIL_CAPTION)
    canvas.restoreState()


def reply_envelope_job(
    prisoner: Address, writer: Address, reply_to: Address | None = None
) -> EnvelopeJob:
    """An envelope for the prisoner's answer: to the writer (or ``reply_to``, an organisation
    that forwards replies), with the prisoner as the sender.

    ``prisoner.name_lines`` should be in the form the prisoner would sign (nominative), not the
    dative used on the outgoing envelope; the caller declines names, the renderer does not.
    """
    return EnvelopeJob(recipient=reply_to or writer, sender=prisoner, from_abroad=False, reply=True)


def job_layout(job: EnvelopeJob, layout: EnvelopeLayout) -> EnvelopeLayout:
    """The format ``job`` prints in when the outgoing envelopes are ``layout``: a reply envelope
    gets the smaller format that fits inside (see :attr:`EnvelopeLayout.reply`)."""
    return ENVELOPES[layout.reply.format] if job.reply and layout.reply else layout


def _as_jobs(jobs: Iterable[EnvelopeJob | tuple[Address, Address]], from_abroad: bool):
    for job in jobs:
        if isinstance(job, EnvelopeJob):
            yield job if not from_abroad else dataclasses.replace(job, from_abroad=True)
        else:
            recipient, sender = job
            yield EnvelopeJob(recipient, sender, from_abroad)


def new_canvas(buffer: io.BytesIO, page_size: tuple[float, float], invariant: bool) -> Canvas:
    """A canvas with the settings every document here shares (compression, invariance)."""
    canvas = Canvas(
        buffer,
        pagesize=page_size,
        invariant=int(invariant),
        pageCompression=1,
        initialFontName=SANS,  # otherwise ReportLab lists an unembedded Helvetica
        initialFontSize=10,
    )
    canvas.setCreator("letters")
    canvas.setProducer("letters (ReportLab)")
    ask_for_actual_size(canvas)
    return canvas


def ask_for_actual_size(canvas: Canvas) -> None:
    """Ask PDF viewers to print at 100 % (``/PrintScaling /None``).

    A viewer otherwise shrinks the page to the printer's printable area, and a 92 % envelope has
    a 92 % postcode stencil that the sorting machines cannot read.
    """
    canvas.setViewerPreference("PrintScaling", "None")


def plan_jobs(jobs: Iterable[EnvelopeJob], layout: EnvelopeLayout) -> Iterator[EnvelopePlan]:
    """Each job laid out and checked, in the format it prints in when the outgoing envelopes
    are ``layout`` (:func:`job_layout`); raises ``PdfError`` when one cannot be."""
    for job in jobs:
        yield plan_job(job, job_layout(job, layout))


@functools.lru_cache(maxsize=4096)
def plan_job(job: EnvelopeJob, layout: EnvelopeLayout) -> EnvelopePlan:
    """:func:`plan_envelope` for one job on ``layout``. Memoized: a batch has many letters to
    the same few people from the same few writers, and a plan is immutable (a failure raises
    and is not remembered)."""
    return plan_envelope(layout, job.recipient, job.sender, from_abroad=job.from_abroad)


def draw_planned_pages(canvas: Canvas, plans: Iterable[EnvelopePlan]) -> None:
    """Draw each planned envelope on its own page of ``canvas``."""
    for plan in plans:
        canvas.setPageSize(plan.layout.page_size)
        draw_envelope_plan(canvas, plan)
        canvas.showPage()


def envelopes_canvas(buffer: io.BytesIO, envelope_format: str, invariant: bool) -> Canvas:
    """A canvas for a PDF of envelopes of one format."""
    register_fonts()
    canvas = new_canvas(buffer, ENVELOPES[envelope_format].page_size, invariant)
    canvas.setTitle("Конверты")
    return canvas


def render_envelopes_pdf(
    jobs: Iterable[EnvelopeJob | tuple[Address, Address]],
    envelope_format: str = "C6",
    from_abroad: bool = False,
    *,
    invariant: bool = False,
) -> bytes:
    """Render envelopes, one per page, as a PDF.

    ``jobs`` are :class:`EnvelopeJob` or ``(recipient, sender)`` pairs; ``from_abroad=True``
    marks every one as sent from outside Russia (adds ``RUSSIA`` to the recipient block).
    ``invariant=True`` gives byte-identical output for identical input.
    """
    plans = plan_jobs(_as_jobs(jobs, from_abroad), ENVELOPES[envelope_format])
    return render_planned_envelopes_pdf(plans, envelope_format, invariant=invariant)


def render_planned_envelopes_pdf(
    plans: Iterable[EnvelopePlan], envelope_format: str, *, invariant: bool = False
) -> bytes:
    """Envelopes planned (:func:`plan_jobs`), one per page, as a PDF (a lazy ``plans`` is
    planned as it is drawn)."""
    buffer = io.BytesIO()
    canvas = envelopes_canvas(buffer, envelope_format, invariant)
    draw_planned_pages(canvas, plans)
    canvas.save()
    return buffer.getvalue()
