"""The envelope and label choices the forms offer come from the layout tables, described in the
reader's language (sizes included, with the reader's decimal mark)."""

from __future__ import annotations

import pytest

from letters.batches.forms import OUTPUT_CHOICES
from letters.evenings.forms import PrintForm
from letters.pdf.layout import ENVELOPES, OUTPUTS
from letters.writing.forms import LetterForm

LABELS = {
    "en": (
        ["C6", "DL", "C5", "C4", "Label sheet 2 × 7 (99.1 × 38.1 mm)",
         "Label sheet 3 × 7 (63.5 × 38.1 mm)", "Letters only"],
        "C6, 114 × 162 mm (A4 folded in four)",
    ),
    "ru": (
        ["C6", "DL", "C5", "C4", "Лист наклеек 2 × 7 (99,1 × 38,1 мм)",
         "Лист наклеек 3 × 7 (63,5 × 38,1 мм)", "Только письма"],
        "C6, 114 × 162 мм (A4 вчетверо)",
    ),
}  # fmt: skip


@pytest.mark.parametrize("language", LABELS)
def test_choices_follow_the_layout_tables(app, language):
    outputs, c6 = LABELS[language]
    with app.test_request_context(headers={"Accept-Language": language}):
        assert [choice.value for choice in OUTPUT_CHOICES] == list(OUTPUTS)
        assert [str(choice.label) for choice in OUTPUT_CHOICES] == outputs
        assert [c.value for c in PrintForm().envelope_format.choices] == list(OUTPUTS)
        envelopes = LetterForm().envelope_format.choices
        assert [choice.value for choice in envelopes] == list(ENVELOPES)
        assert str(envelopes[0].label) == c6
