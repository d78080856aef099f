"""Length limits of the services that print and post letters, and the A4 page estimate."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceLimit:
    """How long a letter one hand-off service accepts."""

    id: str
    name: str
    max_chars: int
    counts_spaces: bool


# OVD-Info's "Letters Across Borders" form takes up to 2,400 characters, spaces included.
SERVICE_LIMITS: tuple[ServiceLimit, ...] = (
    ServiceLimit(id="ovd-info", name="OVD-Info", max_chars=2400, counts_spaces=True),
)

# Anything longer is not a letter (50 printed pages): refuse it before any analysis so a pasted
# book or a hostile request cannot tie up a worker.
MAX_INPUT_CHARS = 100_000

# Page estimate for 12 pt serif (Times-like) on A4 with 2.5 cm margins and 1.15 line spacing:
# 16 cm of line takes about 78 characters and a page about 25 lines of that size, so a page of
# running text holds about 1,950 characters. Every paragraph starts a new line, so short
# paragraphs use more paper than their characters suggest; we count lines, not characters.
CHARS_PER_LINE = 78
LINES_PER_PAGE = 25
CHARS_PER_A4_PAGE = CHARS_PER_LINE * LINES_PER_PAGE  # 1,950


def count_chars(text: str, counts_spaces: bool = True) -> int:
    """Characters as a service counts them (with or without whitespace)."""
    if counts_spaces:
        return len(text)
    return sum(1 for char in text if not char.isspace())


def a4_pages(text: str) -> float:
    """Estimated A4 pages for ``text`` printed as a letter, to two decimals (0 for blank text)."""
    lines = 0
    for paragraph in text.strip().splitlines():
        # An empty line between paragraphs still takes a line on paper.
        lines += max(1, math.ceil(len(paragraph.strip()) / CHARS_PER_LINE))
    if not text.strip():
        return 0.0
    return round(lines / LINES_PER_PAGE, 2)
