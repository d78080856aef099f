"""Risk hints: the false alarms of issue 11 stay fixed, and precision and recall on the
evaluation sets in ``benchmarks/risk_eval/`` stay above a floor (see benchmarks/risk_hints.py).
"""

from __future__ import annotations

import pytest

from benchmarks.risk_hints import evaluate
from letters.language import check

# Measured 1.000 / 1.000 (0 of 48 friendly letters with a hint) when the floor was set; before
# the fixes, precision was 0.734 with 16 of 48 friendly letters hinted.
MIN_PRECISION = 0.95
MIN_RECALL = 0.95
MAX_FALSE_ALARMS = 1


@pytest.mark.parametrize(
    "text",
    [
        "Я сейчас перечитываю «Войну и мир» Толстого.",  # a book title
        "Сегодня на улице −5 °C, очень холодно.",  # degrees are not translit
        "Вчера было +20°C, тепло.",
        "Моя бабушка говорила «й» вместо «и».",  # a letter named, not Ukrainian
        "Чем вы любили заниматься до ареста?",  # life before, not the case
    ],
)
def test_the_reported_false_alarms_are_gone(text):
    result = check(text, "en")
    assert result.verdict == "ok", [(f.kind, f.text) for f in result.findings]


@pytest.mark.parametrize(
    ("text", "kind", "topic"),
    [
        ("Как вы думаете, когда закончится война?", "risk", "war"),
        ("Его арест был неожиданным, следователь молчит.", "risk", "case"),
        ("Как прошло судебное заседание?", "risk", "case"),
        ("Привет, kak dela?", "translit", None),
        ("Привіт, як справи? Що нового?", "foreign_language", None),
    ],
)
def test_the_fixes_are_narrow(text, kind, topic):
    """The same words outside those phrases still raise their hint."""
    findings = check(text, "en").findings
    assert any(f.kind == kind and (topic is None or f.topic == topic) for f in findings)


def test_precision_and_recall_stay_above_the_floor():
    scores = evaluate()
    assert scores.friendly >= 40 and scores.risky >= 30
    assert scores.precision >= MIN_PRECISION, scores.false_alarms
    assert scores.recall >= MIN_RECALL, scores.missed
    assert scores.alarmed <= MAX_FALSE_ALARMS, scores.false_alarms
