"""Word wrapping and shrink-to-fit for fixed-size address blocks (envelopes and labels).

Envelopes and labels have hard edges: text must never run into the stamp field, the postcode
stencil or off the label. A block is wrapped at word boundaries; if it is too tall, or a single
word is wider than the block, the type is made smaller in half-point steps down to a minimum,
and below that the caller raises a layout error rather than let text overflow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

from letters.pdf.typography import NBSP, bind

LEADING = 1.2  # line height as a multiple of the font size
SECTION_GAP = 0.35  # extra space between «Кому» and «Куда» sections, in font sizes
STEP = 0.5  # points
# Blank lines to write on by hand get an exercise book's line (8 mm) when the block has room
# for it; printed lines are far closer (about 4 mm at 10 points).
HANDWRITING_PITCH = 8 * 72 / 25.4  # points


@dataclass(frozen=True)
class Line:
    """One wrapped line: its text, its font, and whether it starts a section."""

    text: str
    font: str
    section_start: bool


def _units(text: str, font: str, size: float, width_pt: float) -> list[tuple[str, float]] | None:
    """The pieces a line may break between (:func:`letters.pdf.typography.bind`), with plain
    spaces, each with its width (measured once); a bound group wider than the block falls back
    to its words (``None``: a single word is wider than the block)."""
    units = []
    for group in bind(" ".join(text.split())).split(" "):
        if NBSP not in group:
            units.append((group, stringWidth(group, font, size)))
            continue
        plain = group.replace(NBSP, " ")
        width = stringWidth(plain, font, size)
        if width > width_pt:
            units += ((word, stringWidth(word, font, size)) for word in plain.split(" "))
        else:
            units.append((plain, width))
    if any(width > width_pt for _, width in units):
        return None
    return units


def wrap(text: str, font: str, size: float, width_pt: float) -> list[str] | None:
    """Greedy word wrap of one logical line; ``None`` if a single word is wider than the block.

    Never breaks after an abbreviation or before a dash (:mod:`letters.pdf.typography`) while
    the words so bound fit on a line together.
    """
    if not text.split():
        # Empty address parts never get here; a blank line is deliberate (to write on by hand).
        return [""]
    words = _units(text, font, size, width_pt)
    if words is None:
        return None
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    current: list[str] = []
    current_w = 0.0
    for word, w in words:
        needed = w if not current else current_w + space + w
        if current and needed > width_pt:
            lines.append(" ".join(current))
            current, current_w = [word], w
        else:
            current.append(word)
            current_w = needed
    lines.append(" ".join(current))
    return lines


@dataclass(frozen=True)
class Section:
    """A captioned group of lines, e.g. «Кому» with the name lines."""

    caption: str
    lines: tuple[str, ...]
    font: str
    bold_font: str
    bold_index: int | None = None  # the line set in bold (the postcode)


@dataclass(frozen=True)
class Fitted:
    """A block laid out at ``size``: its wrapped lines per section, its total height and the
    distance between lines (all in points)."""

    size: float
    sections: tuple[tuple[Section, tuple[Line, ...]], ...]
    height: float
    leading: float


def fit_sections(
    sections: list[Section],
    width_pt: float,
    height_pt: float,
    size: float,
    min_size: float,
) -> Fitted | None:
    """Lay ``sections`` out in the largest size from ``size`` down to ``min_size`` that fits."""
    return _fit_sections(tuple(sections), width_pt, height_pt, size, min_size)


# Memoised (what it returns is immutable): a batch or a file sends many letters to the same few
# people, so the same blocks come back again and again, and each is laid out by trying sizes.
@lru_cache(maxsize=4096)
def _fit_sections(
    sections: tuple[Section, ...],
    width_pt: float,
    height_pt: float,
    size: float,
    min_size: float,
) -> Fitted | None:
    while size >= min_size - 1e-9:
        laid: list[tuple[Section, tuple[Line, ...]]] = []
        n_lines = 0
        ok = True
        for section in sections:
            out: list[Line] = []
            for i, logical in enumerate(section.lines):
                font = section.bold_font if i == section.bold_index else section.font
                wrapped = wrap(logical, font, size, width_pt)
                if wrapped is None:
                    ok = False
                    break
                out += [Line(t, font, not out and j == 0) for j, t in enumerate(wrapped)]
            if not ok:
                break
            laid.append((section, tuple(out)))
            n_lines += len(out)
        if ok:
            gaps = max(0, len(laid) - 1) * size * SECTION_GAP
            leading = size * LEADING
            if n_lines * leading + gaps <= height_pt + 1e-6:
                if all(not line.text for _, lines in laid for line in lines):
                    # Blank lines are for writing by hand: room for it, when the block has some.
                    leading = max(leading, min(HANDWRITING_PITCH, (height_pt - gaps) / n_lines))
                return Fitted(size, tuple(laid), n_lines * leading + gaps, leading)
        size -= STEP
    return None
