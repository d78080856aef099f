"""The ГОСТ Р 51506-99 postcode stencil («кодовый штамп») as vector strokes.

Russian Post's sorting machines read the destination postcode from this stencil, so each digit
is drawn as straight strokes between the six nodes of its cell exactly as the standard's sample
digits (the same table FastReport's GOST R 51506-99 ZipCode object uses).

Geometry, in millimetres, in *stencil coordinates*: x from the left edge of the start marker,
y **downwards** from the top of the bars (the way the standard draws a cell)::

      start marker     digit 1        digit 2   ...   digit 6
    x 0        7     9        16    18       25       54       61
      ████████       ████████       ████████          ████████     y 0..2   bars 7 × 2
      ████████        .TL  TR.       .                 .            y 3..4   marker's 1 mm bar
                      |      |                                      y 4      cell top
                      ML    MR          (cells 5 × 10 on a 9 mm pitch)
                      BL    BR                                      y 14     cell bottom

Placement decisions (the standard gives the pieces, not every offset):

* The start marker takes the first 9 mm slot; digit *i* (0-based) takes slot *i* + 1, so every
  bar — marker and digit bars alike — starts on the same 9 mm pitch.
* Each 7 mm digit bar is centred over its 5 mm cell (1 mm overhang each side), so a cell's left
  edge is 1 mm right of its bar's.
* The marker's second bar (7 × 1 mm) starts 3 mm below the top of the first, i.e. at y 3..4;
  the digit cells start where it ends, at y = 4, leaving a 2 mm gap under the digit bars.

The whole stencil is therefore 61 × 14 mm. Everything is black (the standard forbids red, yellow
and green for the digits; black is also what every office printer does best).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from letters.pdf.errors import InvalidPostcode

if TYPE_CHECKING:  # the layout tables read this module: they need no canvas
    from reportlab.pdfgen.canvas import Canvas

CELL_W, CELL_H = 5.0, 10.0
PITCH = 9.0
BAR_W, BAR_H = 7.0, 2.0
MARKER_LOW_BAR_Y, MARKER_LOW_BAR_H = 3.0, 1.0
CELL_TOP = MARKER_LOW_BAR_Y + MARKER_LOW_BAR_H  # 4 mm
CELL_OFFSET_X = (BAR_W - CELL_W) / 2  # 1 mm: cell centred under its bar
DIGITS_COUNT = 6
STENCIL_WIDTH = DIGITS_COUNT * PITCH + BAR_W  # 61 mm
STENCIL_HEIGHT = CELL_TOP + CELL_H  # 14 mm
STROKE_WIDTH = 0.7  # mm; bold enough for the sorting machine, thinner than the cell

# Nodes of a digit cell, (x, y) in mm from the cell's top-left corner, y downwards.
NODES: dict[str, tuple[float, float]] = {
    "TL": (0.0, 0.0),
    "TR": (5.0, 0.0),
    "ML": (0.0, 5.0),
    "MR": (5.0, 5.0),
    "BL": (0.0, 10.0),
    "BR": (5.0, 10.0),
}

# Each digit is one polyline through these nodes (ГОСТ Р 51506-99 sample digits).
DIGIT_POLYLINES: dict[str, tuple[str, ...]] = {
    "0": ("TL", "TR", "BR", "BL", "TL"),
    "1": ("ML", "TR", "BR"),
    "2": ("TL", "TR", "MR", "BL", "BR"),
    "3": ("TL", "TR", "ML", "MR", "BL"),
    "4": ("TL", "ML", "MR", "TR", "BR"),
    "5": ("TR", "TL", "ML", "MR", "BR", "BL"),
    "6": ("TR", "ML", "BL", "BR", "MR", "ML"),
    "7": ("TL", "TR", "ML", "BL"),
    "8": ("ML", "TL", "TR", "BR", "BL", "ML", "MR"),
    "9": ("MR", "ML", "TL", "TR", "MR", "BL"),
}

Point = tuple[float, float]
Segment = tuple[Point, Point]
Rect = tuple[float, float, float, float]  # x, y (top edge, y downwards), w, h


def validate_postcode(postcode: str) -> str:
    """Return the six digits of a Russian postcode, or raise :class:`InvalidPostcode`."""
    digits = "".join(postcode.split())  # tolerate «403 882»
    if len(digits) != DIGITS_COUNT or not digits.isascii() or not digits.isdigit():
        raise InvalidPostcode(postcode)
    return digits


def cell_origin(index: int) -> Point:
    """Top-left corner of digit cell ``index`` (0–5) in stencil coordinates."""
    return (index + 1) * PITCH + CELL_OFFSET_X, CELL_TOP


def bars() -> list[Rect]:
    """The filled bars: the start marker's two, then one above each digit cell."""
    rects: list[Rect] = [
        (0.0, 0.0, BAR_W, BAR_H),
        (0.0, MARKER_LOW_BAR_Y, BAR_W, MARKER_LOW_BAR_H),
    ]
    rects += [((i + 1) * PITCH, 0.0, BAR_W, BAR_H) for i in range(DIGITS_COUNT)]
    return rects


def stencil_segments(postcode: str) -> list[Segment]:
    """Every stroke of ``postcode``'s digits, in stencil coordinates (mm, y downwards)."""
    segments: list[Segment] = []
    for index, digit in enumerate(validate_postcode(postcode)):
        ox, oy = cell_origin(index)
        points = [(ox + NODES[n][0], oy + NODES[n][1]) for n in DIGIT_POLYLINES[digit]]
        segments += list(itertools.pairwise(points))
    return segments


def to_page(point: Point, x: float, bottom: float) -> Point:
    """Stencil coordinates -> page millimetres (y up) for a stencil placed at ``x``/``bottom``."""
    return x + point[0], bottom + STENCIL_HEIGHT - point[1]


def page_segments(postcode: str, x: float, bottom: float) -> list[Segment]:
    """The strokes in page millimetres (origin bottom-left), as drawn by :func:`draw_stencil`."""
    return [(to_page(a, x, bottom), to_page(b, x, bottom)) for a, b in stencil_segments(postcode)]


def page_bars(x: float, bottom: float) -> list[tuple[float, float, float, float]]:
    """The bars as page-millimetre boxes ``(x, y_bottom, w, h)``."""
    return [(x + bx, bottom + STENCIL_HEIGHT - by - bh, bw, bh) for bx, by, bw, bh in bars()]


def draw_stencil(canvas: Canvas, postcode: str, x: float, bottom: float) -> None:
    """Draw the stencil for ``postcode`` with its left edge at ``x`` and bottom at ``bottom`` (mm).

    Bars are filled rectangles; each stroke is its own line with round caps, so the joints of a
    polyline look continuous and every stroke reads back from the PDF as one straight line.
    """
    segments = page_segments(postcode, x, bottom)  # validates before anything is drawn
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0, 0, 0)
    for bx, by, bw, bh in page_bars(x, bottom):
        canvas.rect(bx * mm, by * mm, bw * mm, bh * mm, stroke=0, fill=1)
    canvas.setLineWidth(STROKE_WIDTH * mm)
    canvas.setLineCap(1)  # round
    canvas.setLineJoin(1)
    _draw_lines(canvas, segments)
    canvas.restoreState()


def _draw_lines(canvas: Canvas, segments: Iterable[Segment]) -> None:
    for (x1, y1), (x2, y2) in segments:
        canvas.line(x1 * mm, y1 * mm, x2 * mm, y2 * mm)
