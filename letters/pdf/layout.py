"""Page geometry as data, in millimetres.

Every position the renderer uses is in one of these tables, so a change of envelope or label
stock is a change of numbers here, not of drawing code. Coordinates are millimetres with the
origin at the **bottom-left** corner of the page, x to the right and y upwards (as in PDF);
a :class:`Box` is its lower-left corner plus width and height.

Envelopes are drawn as landscape pages the size of the envelope itself (ГОСТ Р 51506-99 sizes),
so they print on a printer's envelope feed with no scaling. The zones follow the standard
Russian envelope: sender («От кого», «Откуда») upper left, recipient («Кому», «Куда») lower right,
postage stamp field 40 × 25 mm upper right, postcode stencil lower left with the bottom of its
digit cells 25 mm above the bottom edge. Margins keep at least 8 mm clear of the top and left
edges, which most printers cannot reach, and nothing is printed in the keep-clear strips of
ISO 11180 (which ГОСТ Р 51506-99 applies): 15 mm along the bottom edge, where sorting machines
print their barcode, and 15 mm along the right edge. The zones below are placed to respect the
strips; :meth:`EnvelopeLayout.keep_clear` names them so tests can read the PDF back against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from letters.pdf import stencil


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres: lower-left corner ``(x, y)``, width ``w``, height ``h``."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def intersects(self, other: Box) -> bool:
        """True when the two boxes share any area (touching edges do not count)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.top
            and other.y < self.top
        )

    def contains(self, other: Box) -> bool:
        """True when ``other`` lies entirely inside this box."""
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.top <= self.top
        )

    def points(self) -> tuple[float, float, float, float]:
        """The box in PDF points: ``(x, y, w, h)``."""
        return self.x * mm, self.y * mm, self.w * mm, self.h * mm


STAMP_W, STAMP_H = 40.0, 25.0  # ГОСТ Р 51506-99 stamp field
STENCIL_BOTTOM = 25.0  # bottom of the stencil's digit cells above the envelope's bottom edge
KEEP_CLEAR_BOTTOM = 15.0  # ISO 11180: the sorting machines' barcode strip
KEEP_CLEAR_RIGHT = 15.0  # ISO 11180: the address stays this far from the right edge
# The zones stop 1 mm short of the strips: printers place a page within about 1 mm.
DRIFT = 1.0
ZONE_BOTTOM = KEEP_CLEAR_BOTTOM + DRIFT
# The smallest address type a sorter and a postman read reliably (labels use the same floor).
LEGIBLE_MIN_PT = 8.0


@dataclass(frozen=True)
class ReplyEnvelope:
    """The envelope that goes inside an outgoing one for the prisoner's answer."""

    format: str  # a key of ENVELOPES
    folded: bool  # folded once across its width (halving it) to fit


@dataclass(frozen=True)
class EnvelopeLayout:
    """One envelope format drawn as a landscape page of ``width`` × ``height`` mm."""

    name: str
    width: float
    height: float
    sender: Box
    recipient: Box
    stamp: Box
    stencil_x: float  # left edge of the stencil's start marker
    font_size: float  # address text, points; the sender block uses one point less
    min_font_size: float  # smallest size tried before giving up with LayoutError
    caption_width: float  # column for «Кому», «Куда», «От кого», «Откуда»
    reply: ReplyEnvelope | None = None  # the reply envelope that fits inside (None: a postcard)
    # The folded letter the envelope is made for (mm, ISO 269: C6 takes A4 folded in four, DL
    # in three, C5 in two); None for a postcard.
    holds: tuple[float, float] | None = None

    @property
    def stencil(self) -> Box:
        """Where the postcode stencil sits (start marker, bars and digit cells)."""
        return Box(
            self.stencil_x,
            STENCIL_BOTTOM,
            stencil.STENCIL_WIDTH,
            stencil.STENCIL_HEIGHT,
        )

    @property
    def page_size(self) -> tuple[float, float]:
        """Page size in points, landscape."""
        return self.width * mm, self.height * mm

    @property
    def keep_clear(self) -> tuple[Box, Box]:
        """The strips nothing may be printed in: along the bottom edge and along the right edge."""
        return (
            Box(0.0, 0.0, self.width, KEEP_CLEAR_BOTTOM),
            Box(self.width - KEEP_CLEAR_RIGHT, 0.0, KEEP_CLEAR_RIGHT, self.height),
        )


def _stamp(width: float, height: float, top_margin: float) -> Box:
    """The stamp field in the upper right corner, clear of the right-hand strip."""
    right = width - KEEP_CLEAR_RIGHT - DRIFT
    return Box(right - STAMP_W, height - top_margin - STAMP_H, STAMP_W, STAMP_H)


def _recipient(x: float, width: float, top: float) -> Box:
    """The recipient zone from ``x`` to the right-hand strip, from the bottom strip to ``top``."""
    return Box(x, ZONE_BOTTOM, width - KEEP_CLEAR_RIGHT - DRIFT - x, top - ZONE_BOTTOM)


# Sizes are width × height (landscape) of ГОСТ Р 51506-99 / ISO 269 envelopes.
ENVELOPES: dict[str, EnvelopeLayout] = {
    "C6": EnvelopeLayout(
        name="C6",
        width=162.0,
        height=114.0,
        sender=Box(8.0, 70.0, 92.0, 36.0),
        recipient=_recipient(76.0, 162.0, top=67.0),
        stamp=_stamp(162.0, 114.0, 8.0),
        stencil_x=8.0,
        font_size=10.0,
        min_font_size=LEGIBLE_MIN_PT,
        caption_width=11.0,
        reply=ReplyEnvelope("C6", folded=True),
        holds=(148.0, 105.0),
    ),
    "DL": EnvelopeLayout(
        name="DL",
        width=220.0,
        height=110.0,
        sender=Box(8.0, 68.0, 100.0, 34.0),
        recipient=_recipient(96.0, 220.0, top=65.0),
        stamp=_stamp(220.0, 110.0, 8.0),
        stencil_x=10.0,
        font_size=11.0,
        min_font_size=LEGIBLE_MIN_PT,
        caption_width=12.0,
        reply=ReplyEnvelope("C6", folded=True),
        holds=(210.0, 99.0),
    ),
    "C5": EnvelopeLayout(
        name="C5",
        width=229.0,
        height=162.0,
        sender=Box(10.0, 104.0, 110.0, 48.0),
        recipient=_recipient(100.0, 229.0, top=100.0),
        stamp=_stamp(229.0, 162.0, 10.0),
        stencil_x=12.0,
        font_size=12.0,
        min_font_size=LEGIBLE_MIN_PT,
        caption_width=13.0,
        reply=ReplyEnvelope("C6", folded=False),
        holds=(210.0, 148.0),
    ),
    "C4": EnvelopeLayout(
        name="C4",
        width=324.0,
        height=229.0,
        sender=Box(12.0, 150.0, 150.0, 67.0),
        recipient=_recipient(150.0, 324.0, top=145.0),
        stamp=_stamp(324.0, 229.0, 12.0),
        stencil_x=15.0,
        font_size=14.0,
        min_font_size=9.0,
        caption_width=15.0,
        reply=ReplyEnvelope("C5", folded=False),
        holds=(297.0, 210.0),
    ),
}


# Room an envelope leaves inside for its contents: seams and flap take about 2 mm a side.
INSIDE_CLEARANCE = 5.0


def takes(outer: EnvelopeLayout, inner: EnvelopeLayout) -> bool:
    """True when envelope ``outer`` takes the letter folded for ``inner`` (either way round),
    with :data:`INSIDE_CLEARANCE` to spare."""
    if inner.holds is None:
        return inner.name == outer.name
    w, h = inner.holds
    room_w, room_h = outer.width - INSIDE_CLEARANCE, outer.height - INSIDE_CLEARANCE
    return (w <= room_w and h <= room_h) or (h <= room_w and w <= room_h)


def envelope_for(chosen: str | None, output: str) -> str:
    """The envelope a letter goes out in when a batch prints ``output`` envelopes.

    The batch's own, unless the writer chose an envelope for a letter folded less (a C5 letter
    in a C6 batch): refolding it to fit would change what the writer sent, so it keeps its size
    and prints in a file of its own.
    """
    if chosen is None or chosen not in ENVELOPES or output not in ENVELOPES:
        return output
    return output if takes(ENVELOPES[output], ENVELOPES[chosen]) else chosen


class _SheetGrid:
    """Pieces in columns and rows on one page (labels, cards); the subclass gives the fields."""

    page_width: float
    page_height: float
    columns: int
    rows: int

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def page_size(self) -> tuple[float, float]:
        return self.page_width * mm, self.page_height * mm


@dataclass(frozen=True)
class LabelSheet(_SheetGrid):
    """A sheet of self-adhesive address labels, filled left to right, top to bottom."""

    name: str
    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    left: float  # page edge to the first column
    top: float  # page edge to the first row
    pitch_x: float  # left edge to left edge of neighbouring columns
    pitch_y: float  # top edge to top edge of neighbouring rows
    padding: float  # printers drift about 1 mm: keep text well inside the die cut
    font_size: float
    min_font_size: float

    def label_box(self, position: int) -> Box:
        """The label at 0-based ``position`` on the sheet (row-major, from the top left)."""
        row, col = divmod(position % self.per_sheet, self.columns)
        x = self.left + col * self.pitch_x
        top = self.page_height - self.top - row * self.pitch_y
        return Box(x, top - self.label_height, self.label_width, self.label_height)


# The common A4 stocks: Avery L7163 (14 labels) and L7160 (21 labels), and their clones.
LABEL_SHEETS: dict[str, LabelSheet] = {
    "L7163": LabelSheet(
        name="L7163",
        page_width=210.0,
        page_height=297.0,
        columns=2,
        rows=7,
        label_width=99.1,
        label_height=38.1,
        left=4.65,
        top=15.15,
        pitch_x=101.6,
        pitch_y=38.1,
        padding=3.0,
        font_size=10.0,
        min_font_size=LEGIBLE_MIN_PT,
    ),
    "L7160": LabelSheet(
        name="L7160",
        page_width=210.0,
        page_height=297.0,
        columns=3,
        rows=7,
        label_width=63.5,
        label_height=38.1,
        left=7.25,
        top=15.15,
        pitch_x=66.0,
        pitch_y=38.1,
        padding=3.0,
        font_size=9.0,
        min_font_size=LEGIBLE_MIN_PT,
    ),
}


# What can be printed beside the letters, as the batch form, ``letters batch create`` and
# ``letters render`` name it: an envelope format, a label sheet (by its columns × rows), or none.
LABEL_OUTPUTS: dict[str, str] = {
    f"labels-{sheet.columns}x{sheet.rows}": name for name, sheet in LABEL_SHEETS.items()
}
NO_ENVELOPES = "none"
OUTPUTS: tuple[str, ...] = (*ENVELOPES, *LABEL_OUTPUTS, NO_ENVELOPES)
DEFAULT_ENVELOPE = "C6"  # the smallest: one A4 sheet folded in four, and the cheapest to post
MAX_LABELS_PER_SHEET = max(sheet.per_sheet for sheet in LABEL_SHEETS.values())


@dataclass(frozen=True)
class LetterLayout:
    """A letter page: paper size and margins (mm), type sizes (points)."""

    paper: str
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    footer_y: float  # baseline of «стр. 1 из 2», in the bottom margin
    font_size: float = 12.0
    leading: float = 17.0  # generous: censors and older readers read printed letters slowly
    reply_line_pitch: float = 9.0  # ruled lines on a reply sheet, handwriting-sized

    @property
    def page_size(self) -> tuple[float, float]:
        return self.width * mm, self.height * mm

    @property
    def frame(self) -> Box:
        """The text area."""
        return Box(
            self.left,
            self.bottom,
            self.width - self.left - self.right,
            self.height - self.top - self.bottom,
        )


LETTER_PAGES: dict[str, LetterLayout] = {
    "A4": LetterLayout(
        "A4", 210.0, 297.0, left=25.0, right=20.0, top=20.0, bottom=25.0, footer_y=12.0
    ),
    "LETTER": LetterLayout(
        "LETTER", 215.9, 279.4, left=25.0, right=22.0, top=20.0, bottom=25.0, footer_y=12.0
    ),
}


@dataclass(frozen=True)
class CardSheet(_SheetGrid):
    """Cards cut from a sheet: ``columns`` × ``rows`` cards, no gaps, cut along the lines."""

    name: str
    page_width: float
    page_height: float
    columns: int
    rows: int
    padding: float  # inside each card, clear of a slightly crooked cut
    font_size: float  # body text, points; the name is larger and the card shrinks to fit
    name_size: float

    @property
    def card_width(self) -> float:
        return self.page_width / self.columns

    @property
    def card_height(self) -> float:
        return self.page_height / self.rows

    def card_box(self, position: int) -> Box:
        """The card at 0-based ``position`` on the sheet (row-major, from the top left)."""
        row, col = divmod(position % self.per_sheet, self.columns)
        top = self.page_height - row * self.card_height
        return Box(col * self.card_width, top - self.card_height, self.card_width, self.card_height)


# A6 (105 × 148 mm) four to an A4 sheet: prisoner cards handed out at letter-writing evenings.
CARD_SHEETS: dict[str, CardSheet] = {
    "A6x4": CardSheet(
        name="A6x4",
        page_width=210.0,
        page_height=297.0,
        columns=2,
        rows=2,
        padding=9.0,
        font_size=9.5,
        name_size=14.0,
    ),
}


# The address side of an A6 postcard (148 × 105 mm, landscape) is laid out like an envelope,
# keep-clear strips included (a postcard is sorted like a letter): sender upper left, stamp
# upper right, recipient lower right, postcode stencil lower left.
POSTCARDS: dict[str, EnvelopeLayout] = {
    "A6": EnvelopeLayout(
        name="A6",
        width=148.0,
        height=105.0,
        sender=Box(8.0, 62.0, 84.0, 35.0),
        recipient=_recipient(70.0, 148.0, top=59.0),
        stamp=_stamp(148.0, 105.0, 8.0),
        stencil_x=8.0,
        font_size=9.5,
        min_font_size=LEGIBLE_MIN_PT,
        caption_width=10.0,
    ),
}
# Four A6 postcards on an A4 sheet of card stock, landscape.
POSTCARD_SHEET = CardSheet(
    name="A6x4-landscape",
    page_width=297.0,
    page_height=210.0,
    columns=2,
    rows=2,
    padding=10.0,
    font_size=12.0,  # the greeting; shrunk down to POSTCARD_MIN_FONT_SIZE to fit
    name_size=12.0,
)
POSTCARD_MIN_FONT_SIZE = 9.0
