"""Where ``letters render`` spends its time: each stage on one core, in milliseconds a letter.

    .venv/bin/python benchmarks/pdf_render_command.py [--count 500] [--repeat 5]

Runs the command's stages in this process on the varied sample letters
(``benchmarks/sample_letters.py``): reading the file and finding the recipients (the parent
process), then what each worker does for its part: the language check, the printability
checks with the envelope layout, the letters PDF and the envelopes PDF. CPU time, best of
``--repeat`` runs (on a shared machine the best run is the one least disturbed). For the
end-to-end figure, see ``benchmarks/render_command.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# After the path tweak, so that a checkout works uninstalled.
from benchmarks.sample_letters import sample_letters  # noqa: E402
from letters.bulk.parts import _warm_up  # noqa: E402
from letters.bulk.records import (  # noqa: E402
    check_printable,
    language_problems,
    read_records,
    resolve_record,
)
from letters.pdf.envelope import (  # noqa: E402
    clean_address,
    plan_job,
    render_planned_envelopes_pdf,
)
from letters.pdf.letter import render_letters_pdf_counting  # noqa: E402


def best_of(repeat: int, stage: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        stage()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    _warm_up()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letters.jsonl"
        lines = (json.dumps(x.record(), ensure_ascii=False) for x in sample_letters(args.count))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        records = read_records(path)
        today = dt.date(2026, 11, 21)

        def resolve():
            return [resolve_record(r, None, today=today, check_language=False) for r in records]

        items = [r.item for r in resolve()]
        plans = [plan for item in items for plan in check_printable(item, "C6").envelopes]

        def check():
            # The layouts are memoized: time them as a fresh process meets them.
            plan_job.cache_clear()
            clean_address.cache_clear()
            return [check_printable(item, "C6") for item in items]

        stages = {
            "read the file": lambda: read_records(path),
            "find recipients and senders": resolve,
            "language check": lambda: [language_problems(r.text, "en") for r in records],
            "printability, envelope layout": check,
            "letters PDF": lambda: render_letters_pdf_counting([item.letter for item in items]),
            "envelopes PDF": lambda: render_planned_envelopes_pdf(plans, "C6"),
        }
        timings = {name: best_of(args.repeat, stage) for name, stage in stages.items()}
    total = sum(timings.values())
    print(f"{args.count} letters, CPU time on one core, best of {args.repeat}:")
    for name, seconds in timings.items():
        share = seconds / total
        print(f"  {name:<32} {seconds * 1000 / args.count:6.3f} ms a letter  {share:4.0%}")
    print(f"  {'total':<32} {total * 1000 / args.count:6.3f} ms a letter")


if __name__ == "__main__":
    main()
