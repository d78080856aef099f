"""Printable prisoner cards: A6, four to an A4 sheet with cut lines, as organisers hand out.

Each card says who the person is and exactly how to address the envelope, so a participant who
takes it home can still write. Plain Python (no Flask): the CLI and the web page pass
:class:`PrisonerCardText` items in.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer

from letters.messages import N_, translator
from letters.pdf.envelope import new_canvas
from letters.pdf.fonts import ENVELOPE_FONTS, SANS, SANS_BOLD, register_fonts
from letters.pdf.layout import CARD_SHEETS, CardSheet
from letters.pdf.text import clean_text, markup, unsupported_characters

MSG_ENVELOPE = N_("On the envelope:")
MSG_BORN = N_("Born: %(date)s")
MSG_INTERESTS = N_("Interests: %(interests)s")
MSG_PRESUMED = N_("The address is presumed, not confirmed: the letter may not arrive.")
MSG_NO_ADDRESS = N_("No postal address: write through a service.")
MSG_UNPRINTABLE_ADDRESS = N_(
    "The address has characters the print font cannot draw, shown here by their codes: ask the "
    "organisers how to write it before copying it onto the envelope."
)
TITLE = N_("Prisoner cards")


@dataclass(frozen=True)
class PrisonerCardText:
    """What one card shows."""

    full_name: str
    envelope_lines: list[str]  # empty when no postal address is known
    birthday: str | None  # «12.03.1981», or the year alone
    summary: str | None
    interests: str | None
    presumed: bool


def _styles(sheet: CardSheet) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName=SANS, fontSize=sheet.font_size, leading=sheet.font_size * 1.25
    )
    return {
        "name": ParagraphStyle("name", parent=body, fontName=SANS_BOLD,
                               fontSize=sheet.name_size, leading=sheet.name_size * 1.2),
        "body": body,
        "address": ParagraphStyle("address", parent=body, fontName=SANS_BOLD),
        "warning": ParagraphStyle("warning", parent=body, fontName=SANS_BOLD, borderPadding=2,
                                  borderWidth=0.8, borderColor="black"),
    }  # fmt: skip


def _text(value: str) -> str:
    # Anything the fonts cannot draw is left out rather than failing a whole evening's cards.
    return markup(clean_text(value, ENVELOPE_FONTS, on_unsupported="drop"))


def _address_text(value: str) -> tuple[str, bool]:
    """An address for a card, and whether it had characters the font lacks.

    Nothing is dropped from an address: such a character is shown by its code (``[U+2605]``)
    and the card says so, so that no one copies an address with a part silently missing.
    """
    missing = unsupported_characters(value, ENVELOPE_FONTS)
    for char in missing:
        value = value.replace(char, f"[U+{ord(char):04X}]")
    return _text(value), bool(missing)


def _story(card: PrisonerCardText, styles, locale: str) -> list:
    _ = translator(locale)
    story = [Paragraph(_text(card.full_name), styles["name"])]
    if card.birthday:
        story.append(Paragraph(_text(_(MSG_BORN) % {"date": card.birthday}), styles["body"]))
    story.append(Spacer(1, 2 * mm))
    if card.envelope_lines:
        story.append(Paragraph(_text(_(MSG_ENVELOPE)), styles["body"]))
        address, missing = _address_text("\n".join(card.envelope_lines))
        story.append(Paragraph(address, styles["address"]))
        if missing:
            story.append(Paragraph(_text(_(MSG_UNPRINTABLE_ADDRESS)), styles["warning"]))
    else:
        story.append(Paragraph(_text(_(MSG_NO_ADDRESS)), styles["warning"]))
    if card.presumed:
        story += [Spacer(1, 2 * mm), Paragraph(_text(_(MSG_PRESUMED)), styles["warning"])]
    if card.summary:
        story += [Spacer(1, 2 * mm), Paragraph(_text(card.summary), styles["body"])]
    if card.interests:
        interests = _(MSG_INTERESTS) % {"interests": card.interests}
        story += [Spacer(1, 1 * mm), Paragraph(_text(interests), styles["body"])]
    return story


def draw_cut_lines(canvas, sheet: CardSheet) -> None:
    """Dashed grey lines between the cards of a sheet, to cut along."""
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.3)
    canvas.setStrokeGray(0.5)
    for col in range(1, sheet.columns):
        x = col * sheet.card_width * mm
        canvas.line(x, 0, x, sheet.page_height * mm)
    for row in range(1, sheet.rows):
        y = row * sheet.card_height * mm
        canvas.line(0, y, sheet.page_width * mm, y)
    canvas.restoreState()


def render_cards_pdf(
    cards: Iterable[PrisonerCardText],
    *,
    sheet_name: str = "A6x4",
    locale: str = "ru",
    invariant: bool = False,
) -> bytes:
    """The cards, ``sheet.per_sheet`` to a page, with dashed cut lines between them."""
    register_fonts()
    sheet = CARD_SHEETS[sheet_name]
    styles = _styles(sheet)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, sheet.page_size, invariant)
    canvas.setTitle(translator(locale)(TITLE))
    cards = list(cards)
    for index, card in enumerate(cards):
        position = index % sheet.per_sheet
        if position == 0:
            if index:
                canvas.showPage()
            draw_cut_lines(canvas, sheet)
        box = sheet.card_box(position)
        inner_w = (box.w - 2 * sheet.padding) * mm
        inner_h = (box.h - 2 * sheet.padding) * mm
        frame = Frame(
            (box.x + sheet.padding) * mm,
            (box.y + sheet.padding) * mm,
            inner_w,
            inner_h,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        # A long summary shrinks the card's type rather than spilling onto the next card.
        frame.addFromList(
            [KeepInFrame(inner_w, inner_h, _story(card, styles, locale), mode="shrink")], canvas
        )
    if not cards:
        draw_cut_lines(canvas, sheet)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
