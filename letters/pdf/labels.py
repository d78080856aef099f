"""Address labels on A4 sheets (Avery L7163 / L7160 and clones), one recipient per label.

A volunteer often has a sheet with some labels already peeled off: ``start_label`` (1-based,
counted left to right, top to bottom) says where the first address goes; later sheets start at
the first label again.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm

from letters.pdf.envelope import address_sections, clean_address, new_canvas
from letters.pdf.errors import LabelLayoutError
from letters.pdf.fit import SECTION_GAP, fit_sections
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


def _draw_label(canvas, sheet: LabelSheet, position: int, recipient: Address, international):
    box = sheet.label_box(position)
    inner_w = (box.w - 2 * sheet.padding) * mm
    inner_h = (box.h - 2 * sheet.padding) * mm
    # No «Кому»/«Куда» captions: the label is stuck into the envelope's recipient zone.
    sections = address_sections(recipient, ("", ""), international)
    fitted = fit_sections(sections, inner_w, inner_h, sheet.font_size, sheet.min_font_size)
    if fitted is None:
        raise LabelLayoutError(
            name=" ".join(recipient.name_lines), layout=sheet.name, size=sheet.min_font_size
        )
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
    register_fonts()
    sheet = LABEL_SHEETS[layout]
    recipients = [clean_address(r) for r in recipients]
    positions = label_positions(len(recipients), sheet, start_label)
    if isinstance(from_abroad, bool):
        from_abroad = [from_abroad] * len(recipients)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, sheet.page_size, invariant)
    canvas.setTitle("Адресные наклейки")
    current_sheet = 0
    for recipient, (sheet_index, position), abroad in zip(
        recipients, positions, from_abroad, strict=True
    ):
        while sheet_index > current_sheet:
            canvas.showPage()
            current_sheet += 1
        if outlines and (position == 0 or recipient is recipients[0]):
            _draw_outlines(canvas, sheet)
        _draw_label(canvas, sheet, position, recipient, abroad)
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
