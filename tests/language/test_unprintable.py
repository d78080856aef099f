"""Emoji and symbols the print font lacks: marked by the check, removed by its one-click fix,
by the same rule the batches and ``letters render`` apply (see letters.pdf.text)."""

from __future__ import annotations

import pytest

from letters.language import check
from letters.pdf.fonts import LETTER_FONTS
from letters.pdf.text import clean_text, remove_unprintable

LETTER = "Здравствуйте! У нас тепло 🌞, гуляем с собакой 🐕. Как ваши дела? 👍🏽"


def test_check_marks_each_run_and_the_fix_removes_it():
    result = check(LETTER, "en")
    unprintable = [f for f in result.findings if f.kind == "unprintable"]
    assert [f.text.strip() for f in unprintable] == ["🌞", "🐕", "👍🏽"]
    assert all(LETTER[f.start : f.end] == f.text for f in unprintable)
    assert "cannot show" in unprintable[0].message
    assert result.verdict == "warn"
    assert result.fixed_text == "Здравствуйте! У нас тепло, гуляем с собакой. Как ваши дела?"
    clean_text(result.fixed_text, LETTER_FONTS)  # the fixed text prints: no error


def test_what_the_font_draws_is_left_alone():
    """Degrees, quotes, dashes and the rouble sign are in the font: nothing to remove."""
    text = "Сегодня −5 °C, «мороз» — и всё же 100 ₽ № 5 хватит."
    assert not [f for f in check(text, "en").findings if f.kind == "unprintable"]


@pytest.mark.parametrize(
    ("typed", "printed", "removed"),
    [
        ("Привет 🌻 как дела 👍🏽!", "Привет как дела!", ["🌻", "👍🏽"]),
        ("Семья 👨\u200d👩\u200d👧 рада", "Семья рада", ["👨\u200d👩\u200d👧"]),  # one ZWJ sequence
        ("❤️ Люблю", "Люблю", ["❤️"]),  # with its variation selector
        ("Снег 🌨🌨 идёт", "Снег идёт", ["🌨🌨"]),
    ],
)
def test_the_replacement_rule(typed, printed, removed):
    assert remove_unprintable(typed, LETTER_FONTS) == (printed, removed)
