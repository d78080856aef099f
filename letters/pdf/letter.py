"""Letters as flowing text: Platypus with page templates, «стр. 1 из 2» footers, reply sheets.

One document class serves a single letter and a batch of many letters: each letter begins with
a :class:`LetterStart` marker, and the canvas numbers pages per letter when the document is
saved, so pages of different letters never share a count.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from babel.dates import format_date
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag

from letters.pdf.errors import UnsupportedCharacters
from letters.pdf.fonts import LETTER_FONTS, SERIF, SERIF_ITALIC, register_fonts
from letters.pdf.layout import LETTER_PAGES, LetterLayout
from letters.pdf.model import Letter
from letters.pdf.text import (
    OnUnsupported,
    clean_text,
    markup,
    paragraphs,
    remove_unprintable,
)
from letters.pdf.typography import bind

REPLY_SHEET_TITLE = "Лист для ответа"
RETURN_ADDRESS_CAPTION = "Адрес для ответа:"
REPLY_CODE_LINE = "Код ответа: {code} (укажите его в ответе и на конверте)"
REPLY_CODE_QR_MM = 24  # large enough for a phone's camera on a crumpled sheet
PAGE_LABEL = "стр. {page} из {total}"


@functools.lru_cache(maxsize=64)  # a file or a batch holds letters of a few dates
def russian_date(date: dt.date) -> str:
    """«21 ноября 2026 г.»: the long Russian date as Babel formats it (CLDR)."""
    return format_date(date, format="long", locale="ru")


# --- Styles: built once; Platypus styles are read-only during a build ---------------------------


def _styles(size: float, leading: float) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=size,
        leading=leading,
        alignment=TA_LEFT,
        firstLineIndent=10 * mm,  # «красная строка», the Russian paragraph indent
        spaceAfter=size * 0.4,
        allowWidows=0,
        allowOrphans=0,
    )
    # The return address under the signature: its first line (the caption) stands apart.
    address = ParagraphStyle(
        "address",
        parent=body,
        firstLineIndent=0,
        fontSize=size - 2,
        leading=(size - 2) * 1.3,
        spaceBefore=size * 1.2,
        spaceAfter=0,
    )
    return {
        "body": body,
        "date": ParagraphStyle(
            "date", parent=body, alignment=TA_RIGHT, firstLineIndent=0, spaceAfter=size * 1.5
        ),
        "greeting": ParagraphStyle(
            "greeting", parent=body, firstLineIndent=0, spaceAfter=size * 0.8
        ),
        "signature": ParagraphStyle(
            "signature",
            parent=body,
            firstLineIndent=0,
            alignment=TA_RIGHT,
            spaceBefore=size * 1.2,
            spaceAfter=0,
        ),
        "sender": ParagraphStyle(
            "sender", parent=body, firstLineIndent=0, alignment=TA_RIGHT, spaceAfter=0
        ),
        "address": address,
        "address_line": ParagraphStyle("address_line", parent=address, spaceBefore=0),
        "sheet_title": ParagraphStyle(
            "sheet_title",
            parent=body,
            firstLineIndent=0,
            alignment=TA_CENTER,
            fontName=SERIF_ITALIC,
            spaceAfter=size,
        ),
    }


_STYLE_CACHE: dict[tuple[float, float], dict[str, ParagraphStyle]] = {}


def styles(layout: LetterLayout) -> dict[str, ParagraphStyle]:
    """Paragraph styles for ``layout``, cached per process."""
    key = (layout.font_size, layout.leading)
    if key not in _STYLE_CACHE:
        _STYLE_CACHE[key] = _styles(*key)
    return _STYLE_CACHE[key]


# --- Paragraphs of plain text -----------------------------------------------------------------


@functools.cache
def _plain_fragment(style: ParagraphStyle) -> ParaFrag:
    # What the markup parser makes of one plain word in ``style``; styles live for the process.
    register_fonts()
    return Paragraph("x", style).frags[0]


def text_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of cleaned text, printed literally; a single newline breaks the line.

    Platypus parses every paragraph as XML markup, a fifth of a letter's rendering time. Our
    text has no markup, so a one-line paragraph is handed over as a ready-made text fragment:
    a copy of the parser's own fragment for the style with the text swapped in, so that every
    other attribute is the one the parser would set. Text with line breaks still goes through
    the parser (as ``<br/>``).
    """
    if "\n" in text or not text.strip():
        return Paragraph(markup(text), style)
    text = bind(text)  # as markup() does: no line ends in «г.» or starts with «—»
    fragment = _plain_fragment(style).clone(text=cleanBlockQuotedText(text))
    return Paragraph(text, style, frags=[fragment])


# --- Flowables ---------------------------------------------------------------------------------


class LetterStart(Flowable):
    """Zero-size marker: pages from here on belong to letter ``key`` (for page numbering)."""

    def __init__(self, key: int):
        super().__init__()
        self.key = key

    def wrap(self, aW, aH):
        return 0, 0

    def draw(self):
        self.canv.letter_key = self.key


class RuledLines(Flowable):
    """Fills the rest of the frame with faint horizontal lines to write a reply on."""

    def __init__(self, pitch_mm: float):
        super().__init__()
        self.pitch = pitch_mm * mm
        self.width = self.height = 0.0

    def wrap(self, aW, aH):
        self.width, self.height = aW, aH - 1  # 1 pt slack so the frame never rejects it
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setStrokeGray(0.7)
        canv.setLineWidth(0.4)
        y = self.height - self.pitch
        while y >= 0:
            canv.line(0, y, self.width, y)
            y -= self.pitch
        canv.restoreState()


class Unbreakable(Flowable):
    """A few paragraphs that move to the next page together (the signature and return address).

    Platypus's ``KeepTogether`` does the same for any content, but deep-copies the frame each
    time it measures: a quarter of a one-page letter's rendering time. Paragraphs are simpler:
    measured once, drawn one below the other, with the spacing a frame would give them. Should
    the block be taller than a whole page (an absurdly long address), it flows like any text.
    """

    def __init__(self, paragraphs: Sequence[Paragraph], page_height: float):
        super().__init__()
        self.paragraphs = list(paragraphs)
        self.page_height = page_height
        self._placed: list[tuple[Paragraph, float]] = []

    def getSpaceBefore(self) -> float:
        return self.paragraphs[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.paragraphs[-1].getSpaceAfter()

    def wrap(self, aW, aH):
        self._placed = []
        y = 0.0
        previous_after = None
        for paragraph in self.paragraphs:
            _, height = paragraph.wrap(aW, aH)
            if previous_after is not None:
                y += max(previous_after, paragraph.getSpaceBefore())
            y += height
            self._placed.append((paragraph, y))  # y: the paragraph's bottom, from the top
            previous_after = paragraph.getSpaceAfter()
        self.width, self.height = aW, y
        return self.width, self.height

    def split(self, aW, aH):
        # Too tall for what is left of the page: start on the next one, unless even a whole
        # page is too small, in which case the paragraphs go on one by one.
        return [] if self.height <= self.page_height else list(self.paragraphs)

    def draw(self):
        for paragraph, bottom in self._placed:
            paragraph.drawOn(self.canv, 0, self.height - bottom)


# --- Canvas and document -----------------------------------------------------------------------


class NumberingCanvas(Canvas):
    """Holds pages back until ``save`` so each can say «стр. i из n» for its own letter.

    A letter of one page gets no number.
    """

    def __init__(self, *args, duplex: bool = False, **kwargs):
        kwargs.setdefault("initialFontName", SERIF)
        kwargs.setdefault("initialFontSize", 12)
        super().__init__(*args, **kwargs)
        self.letter_key: int | None = None
        # Printing on both sides: every letter must start on a front (odd) page, so a letter
        # with an odd number of pages is followed by a blank one.
        self.duplex = duplex
        self._held: list[tuple[dict, int | None]] = []
        self.letter_pages: list[int] = []  # each letter's page count, known once saved

    def showPage(self):
        self._held.append((dict(self.__dict__), self.letter_key))
        self._startPage()

    def save(self):
        totals = Counter(key for _, key in self._held if key is not None)
        seen: Counter = Counter()
        for state, key in self._held:
            self.__dict__.update(state)
            if key is not None:
                seen[key] += 1
                if totals[key] > 1:
                    self._draw_page_label(seen[key], totals[key])
            super().showPage()
            if self.duplex and key is not None and seen[key] == totals[key] and totals[key] % 2:
                self.setPageSize(state["_pagesize"])
                super().showPage()  # the blank back of the letter's last sheet
        self._held = []
        # After the replay: each held page state carried the attribute's old value.
        self.letter_pages = [totals[key] for key in sorted(totals)]
        super().save()

    def _draw_page_label(self, page: int, total: int) -> None:
        width = self._pagesize[0]
        footer_y = LETTER_PAGES["A4"].footer_y * mm
        self.saveState()
        self.setFont(SERIF, 9)
        self.setFillGray(0.25)
        self.drawCentredString(width / 2, footer_y, PAGE_LABEL.format(page=page, total=total))
        self.restoreState()


def _page_templates() -> list[PageTemplate]:
    templates = []
    for paper, layout in LETTER_PAGES.items():
        f = layout.frame
        frame = Frame(
            f.x * mm,
            f.y * mm,
            f.w * mm,
            f.h * mm,
            id=paper,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        templates.append(PageTemplate(id=paper, frames=[frame], pagesize=layout.page_size))
    return templates


def build_pdf(
    story: list[Flowable],
    first_template: str,
    *,
    title: str,
    invariant: bool,
    duplex: bool = False,
) -> tuple[bytes, list[int]]:
    """Build ``story`` into PDF bytes, starting on page template ``first_template`` (a paper),
    and each letter's page count (blank duplex backs excluded)."""
    register_fonts()
    buffer = io.BytesIO()
    templates = _page_templates()
    templates.sort(key=lambda t: t.id != first_template)  # the first template starts the doc
    doc = BaseDocTemplate(
        buffer,
        pageTemplates=templates,
        pagesize=templates[0].pagesize,
        invariant=int(invariant),
        pageCompression=1,
        title=title,
        creator="letters",
        producer="letters (ReportLab)",
        initialFontName=SERIF,
        initialFontSize=12,
    )
    canvases: list[NumberingCanvas] = []

    def make_canvas(*args, **kwargs) -> NumberingCanvas:
        canvas = NumberingCanvas(*args, duplex=duplex, **kwargs)
        canvases.append(canvas)
        return canvas

    doc.build(story, canvasmaker=make_canvas)
    return buffer.getvalue(), canvases[-1].letter_pages


# --- Story -------------------------------------------------------------------------------------


_LETTER_TEXT_FIELDS = ("text", "greeting", "signature", "sender_name", "return_address")


def remove_unprintable_from_letter(letter: Letter) -> tuple[Letter, list[str]]:
    """``letter`` with what the font cannot draw removed by the documented rule (see
    :mod:`letters.pdf.text`), and what was removed, for the manifest. Unchanged when nothing is.
    """
    changes: dict[str, str] = {}
    removed: dict[str, None] = {}
    for name in _LETTER_TEXT_FIELDS:
        value = getattr(letter, name)
        if not value:
            continue
        kept, gone = remove_unprintable(value, LETTER_FONTS)
        if gone:
            changes[name] = kept
            removed.update(dict.fromkeys(gone))
    return (replace(letter, **changes) if changes else letter), list(removed)


def clean_letter(letter: Letter, on_unsupported: OnUnsupported = "error") -> Letter:
    """The letter with every text field cleaned (see :mod:`letters.pdf.text`).

    Unsupported characters from all fields are reported together in one error, so the writer
    can fix them in one go.
    """
    fields = _LETTER_TEXT_FIELDS
    cleaned: dict[str, str | None] = {}
    missing: dict[str, None] = {}
    for name in fields:
        value = getattr(letter, name)
        if value is None:
            cleaned[name] = None
            continue
        try:
            cleaned[name] = clean_text(value, LETTER_FONTS, on_unsupported)
        except UnsupportedCharacters as exc:
            missing.update(dict.fromkeys(exc.chars))
    if missing:
        raise UnsupportedCharacters(list(missing))
    return replace(letter, **cleaned)


def letter_story(letter: Letter, key: int = 0, on_unsupported: OnUnsupported = "error"):
    """Flowables for one letter (cleaned here), starting with its :class:`LetterStart`."""
    letter = clean_letter(letter, on_unsupported)
    layout = LETTER_PAGES[letter.paper]
    st = styles(layout)
    # Babel puts a narrow no-break space before «г.», which PT Serif lacks: clean it too.
    date = clean_text(russian_date(letter.date), LETTER_FONTS)
    story: list[Flowable] = [LetterStart(key), text_paragraph(date, st["date"])]
    if letter.greeting and letter.greeting.strip():
        greeting = text_paragraph(letter.greeting.strip(), st["greeting"])
        greeting.keepWithNext = True
        story.append(greeting)
    story += [text_paragraph(p, st["body"]) for p in paragraphs(letter.text)]

    closing: list[Flowable] = []
    if letter.signature and letter.signature.strip():
        closing.append(text_paragraph(letter.signature.strip(), st["signature"]))
    if letter.sender_name and letter.sender_name.strip():
        style = st["sender"] if closing else st["signature"]
        closing.append(text_paragraph(letter.sender_name.strip(), style))
    if letter.return_address and letter.return_address.strip():
        # Inside the letter too: the envelope may be kept by the censor or lost. A paragraph a
        # line: single lines take the fast path of text_paragraph.
        lines = [line.strip() for line in letter.return_address.strip().split("\n")]
        closing.append(text_paragraph(RETURN_ADDRESS_CAPTION, st["address"]))
        closing += [text_paragraph(line, st["address_line"]) for line in lines if line]
    if letter.reply_code:
        line = REPLY_CODE_LINE.format(code=letter.reply_code)
        closing.append(text_paragraph(line, st["address_line"]))
    if closing:
        story.append(Unbreakable(closing, layout.frame.h * mm))

    for _ in range(letter.reply_sheets):
        story += [PageBreak(), text_paragraph(REPLY_SHEET_TITLE, st["sheet_title"])]
        if letter.reply_code:
            line = REPLY_CODE_LINE.format(code=letter.reply_code)
            story += [ReplyCodeQR(letter.reply_code), text_paragraph(line, st["address_line"])]
        story.append(RuledLines(layout.reply_line_pitch))
    return story


class ReplyCodeQR(Flowable):
    """The reply code as a QR code (segno), drawn as vector squares at the right margin: the
    volunteers' scanner reads it from a photo of the answer."""

    def __init__(self, code: str):
        super().__init__()
        import segno

        self.matrix = segno.make(code, error="m", micro=False).matrix
        self.size = REPLY_CODE_QR_MM * mm
        self.width = 0.0

    def wrap(self, aW, aH):
        self.width = aW
        return aW, self.size

    def draw(self):
        canv = self.canv
        quiet = 4  # modules of white around it, as the standard asks
        modules = len(self.matrix) + 2 * quiet
        cell = self.size / modules
        left = self.width - self.size
        canv.saveState()
        canv.setFillGray(0)
        for row, values in enumerate(self.matrix):
            for column, dark in enumerate(values):
                if dark:
                    x = left + (column + quiet) * cell
                    y = self.size - (row + quiet + 1) * cell
                    canv.rect(x, y, cell, cell, stroke=0, fill=1)
        canv.restoreState()


def letters_story(
    letters: Sequence[Letter], on_unsupported: OnUnsupported = "error"
) -> list[Flowable]:
    """Several letters, each starting on a new page of its own paper size."""
    story: list[Flowable] = []
    for key, letter in enumerate(letters):
        if key:
            story += [NextPageTemplate(letter.paper), PageBreak()]
        story += letter_story(letter, key, on_unsupported)
    return story


def render_letter_pdf(
    letter: Letter, *, invariant: bool = False, on_unsupported: OnUnsupported = "error"
) -> bytes:
    """Render one letter (with its reply sheets) as a PDF on A4 or US Letter paper."""
    return render_letters_pdf([letter], invariant=invariant, on_unsupported=on_unsupported)


def render_letters_pdf(
    letters: Sequence[Letter],
    *,
    invariant: bool = False,
    on_unsupported: OnUnsupported = "error",
    duplex: bool = False,
) -> bytes:
    """Render many letters into one PDF, in order, each numbered on its own.

    ``duplex``: pad each letter to an even number of pages, so that on a two-sided printout
    every letter starts on the front of a new sheet.
    """
    return render_letters_pdf_counting(
        letters, invariant=invariant, on_unsupported=on_unsupported, duplex=duplex
    )[0]


def render_letters_pdf_counting(
    letters: Sequence[Letter],
    *,
    invariant: bool = False,
    on_unsupported: OnUnsupported = "error",
    duplex: bool = False,
) -> tuple[bytes, list[int]]:
    """``render_letters_pdf``, also returning each letter's page count, in order."""
    if not letters:
        raise ValueError("no letters to render")
    story = letters_story(letters, on_unsupported)
    return build_pdf(story, letters[0].paper, title="Письма", invariant=invariant, duplex=duplex)
