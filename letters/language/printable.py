"""Characters the letter's print font cannot draw (emoji, pictographs, rare symbols).

They would cost the letter at print time, so the check marks each run and its one-click fix
removes it, by the same rule batches and ``letters render`` apply on their own (see
:mod:`letters.pdf.text`).
"""

from __future__ import annotations

from letters.messages import N_

MSG_UNPRINTABLE = N_(
    "An emoji or symbol the printed letter cannot show; it is removed in the corrected text. "
    "Say it in words if it matters."
)


def unprintable_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each run the letter font cannot draw (removal keeps spacing right)."""
    from letters.pdf.fonts import LETTER_FONTS  # the renderer is loaded only when needed
    from letters.pdf.text import unprintable_runs

    if text.isascii():
        return []
    return unprintable_runs(text, LETTER_FONTS)
