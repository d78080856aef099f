"""Address labels on A4 sheets (Avery L7163 / L7160 and clones), one recipient per label.

A volunteer often has a sheet with some labels already peeled off: ``start_label`` (1-based,
counted left to right, top to bottom) says where the first address goes; later sheets start at
the first label again.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm

from letters.pdf.envelope import address_sections, clean_address, new_canvas
from letters.pdf.errors import LabelLayoutError
from letters.pdf.fit import SECTION_GAP, Fitted, fit_sections
from letters.pdf.fonts import register_fonts
from letters.pdf.layout import LABEL_SHEETS, LabelSheet
from letters.pdf.model import Address

# Sorting machines read the postcode from the envelope's printed stencil, not from a label: a
# manifest of labelled letters has this column with each postcode to write into it by hand.
STENCIL_COLUMN = "postcode_by_hand_in_stencil"


def label_positions(count: int, sheet: LabelSheet, start_label: int = 1) -> list[tuple[int, int]]:
    """``(sheet_index, position_on_sheet)`` (both 0-based) for ``count`` labels."""
    if not 1 <= start_label <= sheet.per_sheet:
        raise ValueError(f"start_label must be between 1 and {sheet.per_sheet}")
    first = start_label - 1
    return [divmod(first + i, sheet.per_sheet) for i in range(count)]


def plan_label(recipient: Address, layout: str, international: bool = False) -> Fitted:
    """The recipient's label laid out on ``layout`` sheets; :class:`LabelLayoutError` when it
    cannot fit even at the minimum type size, :class:`UnprintableAddress` for characters the
    font lacks. Memoized: a batch has many letters to the same few people."""
    return _plan_label(recipient, layout, international)


@functools.lru_cache(maxsize=4096)
def _plan_label(recipient: Address, layout: str, international: bool) -> Fitted:
    register_fonts()
    sheet = LABEL_SHEETS[layout]
    recipient = clean_address(recipient)
    inner_w = (sheet.label_width - 2 * sheet.padding) * mm
    inner_h = (sheet.label_height - 2 * sheet.padding) * mm
    # No «Кому»/«Куда» captions: the label is stuck into the envelope's recipient zone.
    sections = address_sections(recipient, ("", ""), international)
    fitted = fit_sections(sections, inner_w, inner_h, sheet.font_size, sheet.min_font_size)
    if fitted is None:
        raise LabelLayoutError(
            name=" ".join(recipient.name_lines), layout=sheet.name, size=sheet.min_font_size
        )
    return fitted


def _draw_label(canvas, sheet: LabelSheet, position: int, fitted: Fitted) -> None:
    box = sheet.label_box(position)
    inner_h = (box.h - 2 * sheet.padding) * mm
    size = fitted.size
    # Centre the block vertically: labels are cut with some tolerance both ways.
    y = (box.y + sheet.padding) * mm + (inner_h + fitted.height) / 2
    x = (box.x + sheet.padding) * mm
    for index, (_, lines) in enumerate(fitted.sections):
        if index:
            y -= size * SECTION_GAP
        for line in lines:
            y -= fitted.leading
            canvas.setFont(line.font, size)
            canvas.drawString(x, y + size * 0.25, line.text)


def render_labels_pdf(
    recipients: Iterable[Address],
    layout: str = "L7163",
    start_label: int = 1,
    *,
    from_abroad: bool | Sequence[bool] = False,
    invariant: bool = False,
    outlines: bool = False,
) -> bytes:
    """Render one address label per recipient on ``layout`` sheets, from label ``start_label``.

    ``outlines=True`` draws the die-cut outlines in light grey (for checking alignment on plain
    paper before printing on a label sheet). ``from_abroad`` is one flag for every label or one
    per recipient (a batch mixes letters from Russia and from abroad).
    """
    recipients = list(recipients)
    if isinstance(from_abroad, bool):
        from_abroad = [from_abroad] * len(recipients)
    plans = [
        plan_label(recipient, layout, abroad)
        for recipient, abroad in zip(recipients, from_abroad, strict=True)
    ]
    return render_planned_labels_pdf(
        plans, layout, start_label, invariant=invariant, outlines=outlines
    )


def render_planned_labels_pdf(
    plans: Sequence[Fitted],
    layout: str = "L7163",
    start_label: int = 1,
    *,
    invariant: bool = False,
    outlines: bool = False,
) -> bytes:
    """Labels laid out by :func:`plan_label`, one a label, from label ``start_label``."""
    register_fonts()
    sheet = LABEL_SHEETS[layout]
    positions = label_positions(len(plans), sheet, start_label)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, sheet.page_size, invariant)
    canvas.setTitle("Адресные наклейки")
    current_sheet = 0
    for index, (fitted, (sheet_index, position)) in enumerate(zip(plans, positions, strict=True)):
        while sheet_index > current_sheet:
            canvas.showPage()
            current_sheet += 1
        if outlines and (position == 0 or index == 0):
            _draw_outlines(canvas, sheet)
        _draw_label(canvas, sheet, position, fitted)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_outlines(canvas, sheet: LabelSheet) -> None:
    canvas.saveState()
    canvas.setStrokeGray(0.8)
    canvas.setLineWidth(0.3)
    for position in range(sheet.per_sheet):
        x, y, w, h = sheet.label_box(position).points()
        canvas.roundRect(x, y, w, h, 2 * mm, stroke=1, fill=0)
    canvas.restoreState()
