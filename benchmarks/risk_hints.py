"""Precision and recall of the risk hints (the checker's ``risk`` findings).

    .venv/bin/python benchmarks/risk_hints.py

Two sets in ``benchmarks/risk_eval/``: ``friendly.jsonl``, ordinary friendly letters on which
no hint is expected (with the false alarms issue 11 reported: a book title, degrees Celsius, a
quoted letter, life «до ареста»), and ``risky.jsonl``, sentences the support guides advise
against, each with the topics a hint should name.

* A hint is *right* when it is on a risky example and names one of its topics; every hint on a
  friendly letter, and a hint naming another topic, is *wrong*. Precision = right / all hints.
* Recall = risky examples with at least one right hint / risky examples.
* False-alarm rate = friendly letters with any hint / friendly letters.

The false alarms were fixed against ``friendly.jsonl``; ``friendly_holdout.jsonl`` was written
after the fixes and never tuned on, for a fairer false-alarm rate on unseen letters.

A hint that fires on an ordinary letter teaches writers to ignore hints: precision matters as
much as recall. ``tests/language/test_risk_hints.py`` keeps both above a floor.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / "benchmarks" / "risk_eval"
sys.path.insert(0, str(ROOT))


@dataclass
class RiskScores:
    """The counts behind the figures, and the examples that went wrong (to look at)."""

    right: int = 0
    wrong: int = 0
    risky: int = 0
    found: int = 0
    friendly: int = 0
    alarmed: int = 0
    false_alarms: list[tuple[str, list[str]]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        hints = self.right + self.wrong
        return self.right / hints if hints else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.risky if self.risky else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.alarmed / self.friendly if self.friendly else 0.0


def _rows(name: str) -> list[dict]:
    with (EVAL_DIR / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _hints(text: str) -> list[tuple[str, str]]:
    from letters.language import check

    return [(f.topic or "", f.text) for f in check(text, "en").findings if f.kind == "risk"]


def evaluate(friendly: str = "friendly.jsonl") -> RiskScores:
    """Run the checker over the friendly set ``friendly`` and the risky set, and count."""
    scores = RiskScores()
    for row in _rows(friendly):
        scores.friendly += 1
        hints = _hints(row["text"])
        scores.wrong += len(hints)
        if hints:
            scores.alarmed += 1
            scores.false_alarms.append((row["text"], [f"{t}: {w}" for t, w in hints]))
    for row in _rows("risky.jsonl"):
        scores.risky += 1
        hints = _hints(row["text"])
        right = [topic for topic, _ in hints if topic in row["topics"]]
        scores.right += len(right)
        scores.wrong += len(hints) - len(right)
        if right:
            scores.found += 1
        else:
            scores.missed.append(row["text"])
    return scores


def main() -> None:
    holdout = evaluate("friendly_holdout.jsonl")
    scores = evaluate()
    print(f"friendly letters: {scores.friendly}, risky examples: {scores.risky}")
    hints = scores.right + scores.wrong
    print(f"precision {scores.precision:.3f} ({scores.right} of {hints} hints)")
    print(f"recall    {scores.recall:.3f} ({scores.found} of {scores.risky} risky examples)")
    print(f"false alarms on friendly letters: {scores.alarmed} ({scores.false_alarm_rate:.1%})")
    for text, hints in scores.false_alarms:
        print(f"  false alarm: {text[:70]}… -> {', '.join(hints)}")
    for text in scores.missed:
        print(f"  missed: {text}")
    print(
        f"held-out friendly letters: {holdout.friendly}, with a hint: {holdout.alarmed} "
        f"({holdout.false_alarm_rate:.1%}); precision with the risky set {holdout.precision:.3f}"
    )
    for text, hints in holdout.false_alarms:
        print(f"  false alarm: {text[:70]}… -> {', '.join(hints)}")


if __name__ == "__main__":
    main()
