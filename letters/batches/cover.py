"""The batch's cover sheet: what is in the stack, for the volunteer at the post office."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from letters.batches.postage import Estimate
from letters.pdf.fonts import SANS, SANS_BOLD, register_fonts
from letters.pdf.layout import NO_ENVELOPES

# Labels carry the address, but the sorting machines read the envelope's stencil.
LABELS_REMINDER = (
    "Индекс впишите от руки в трафарет на конверте (индексы — в списке учреждений ниже "
    "и в manifest.csv); наклейку — в правый нижний угол, не ближе 15 мм к нижнему и правому "
    "краям."
)
MARGIN = 20 * mm
LINE = 6.5 * mm
WRAP_INDENT = 10 * mm  # a long line goes on under itself, indented


@dataclass(frozen=True)
class EnvelopeStack:
    """One file of envelopes: one size, outgoing or reply, loaded into the feed as one job."""

    file: str
    format: str
    reply: bool
    count: int

    def line(self) -> str:
        kind = "ответные конверты" if self.reply else "конверты"
        return f"{self.file}: {kind} {self.format}, {self.count} шт."


@dataclass(frozen=True)
class CoverFacts:
    """Counts for the cover sheet."""

    batch_id: int
    created: str
    envelope_format: str
    duplex: bool
    per_facility: list[tuple[str, int]]  # facility (or address) → letters, in print order
    letters: int
    sheets: int
    envelopes: int
    labels: int
    postage: Estimate
    held_back: int
    stacks: list[EnvelopeStack] = field(default_factory=list)  # one file each, in print order


def _rub(amount: float) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",").removesuffix(",00") + " ₽"


def postage_lines(postage: Estimate) -> list[str]:
    """The cover sheet's postage estimate, with the tariff's date and source."""
    period = postage.period
    limit, _price = period.bands[-1]
    bands = "; ".join(f"до {grams:g} г — {_rub(price)}" for grams, price in period.bands)
    estimate = "Марки (оценка, не меньше)" if postage.at_least else "Марки (оценка)"
    lines = [f"{estimate}: {_rub(postage.total)} за {postage.letters} писем"]
    if postage.reply_stamps:
        lines.append(f"  в том числе марки в наборы для ответа: {postage.reply_stamps}")
    lines.append(f"  Тариф на простое письмо с {period.valid_from:%d.%m.%Y}: {bands}")
    lines.append(f"  Источник: {period.source}")
    if postage.at_least:
        heaviest = f"{postage.heaviest_grams:.0f}"
        lines.append(
            f"  Тяжелее {limit:g} г: {postage.over_last_band} (до ≈ {heaviest} г);"
            " цены за такой вес нет в тарифе — уточните на почте"
        )
    return lines


def render_cover_pdf(facts: CoverFacts) -> bytes:
    """One A4 page (more if many facilities) in Russian, the volunteers' working language."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(f"Партия {facts.batch_id}")
    width, height = A4
    y = height - MARGIN

    def line(text: str, font: str = SANS, size: float = 11, indent: float = 0) -> None:
        """Draw ``text``, wrapped within the margins (a facility's name can be long)."""
        nonlocal y
        room = width - 2 * MARGIN - indent
        pieces = simpleSplit(text, font, size, room)
        # The pieces after the first are indented: wrap what is still too wide for that.
        pieces = pieces[:1] + simpleSplit(" ".join(pieces[1:]), font, size, room - WRAP_INDENT)
        for index, piece in enumerate(pieces):
            if y < MARGIN + LINE:
                canvas.showPage()
                y = height - MARGIN
            canvas.setFont(font, size)
            canvas.drawString(MARGIN + indent + (WRAP_INDENT if index else 0), y, piece)
            y -= LINE

    line(f"Партия № {facts.batch_id}", SANS_BOLD, 16)
    line(f"Создана: {facts.created}")
    envelopes = "без конвертов" if facts.envelope_format == NO_ENVELOPES else facts.envelope_format
    line(f"Формат: {envelopes}; двусторонняя печать: {'да' if facts.duplex else 'нет'}")
    y -= LINE / 2
    line(f"Писем: {facts.letters}", SANS_BOLD)
    line(f"Листов бумаги: {facts.sheets}")
    if facts.labels:
        line(f"Наклеек: {facts.labels}")
        line(LABELS_REMINDER, SANS_BOLD, 10, indent=4 * mm)
    else:
        line(f"Конвертов: {facts.envelopes}")
    if len(facts.stacks) > 1:
        # A printer's feed takes one size a job: each file is loaded on its own.
        line("Каждый файл конвертов печатайте отдельно, со своим размером:", SANS_BOLD, 10)
    for stack in facts.stacks:
        line(stack.line(), indent=4 * mm)
    for text in postage_lines(facts.postage):
        line(text)
    y -= LINE / 2
    line("По учреждениям (в порядке печати):", SANS_BOLD)
    for place, count in facts.per_facility:
        line(f"{count} — {place}", indent=4 * mm)
    if facts.held_back:
        y -= LINE / 2
        line(f"Задержано в очереди (не в этой партии): {facts.held_back}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
