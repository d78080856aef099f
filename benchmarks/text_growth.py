"""CPU time of the address parser and the language check on 1k, 10k and 100k characters.

    .venv/bin/python benchmarks/text_growth.py

The adversarial shapes of issue 22 (a run of dashes: the parser's old sentence-end pattern;
numbers: the check's old overlap test) and ordinary ones, each the best of three runs. Linear
code takes about ten times as long for ten times the text; ``tests/security/test_linear_time.py``
fails when any text path grows much faster.
"""

from __future__ import annotations

import sys
import time
from contextlib import suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = (1_000, 10_000, 100_000)
SHAPES = {
    "dashes": "-",
    "one long word": "ж",
    "numbers": "123456 ",
    "alternating scripts": "жар hot ",
    "an address": "ФКУ ИК-2 УФСИН России по Владимирской обл., 601120, г. Покров, ул. Шмидта, 1. ",
}


def best_cpu(function, text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        with suppress(ValueError):  # the parser refuses what is no address: its time counts too
            function(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    from letters.directory.address import parse_address
    from letters.language import check

    print(f"{'path':<16}{'shape':<22}" + "".join(f"{n:>12,}" for n in SIZES))
    for name, function in (("address parser", parse_address), ("language check", check)):
        for shape, unit in SHAPES.items():
            texts = [(unit * (n // len(unit) + 1))[:n] for n in SIZES]
            times = [best_cpu(function, text) for text in texts]
            print(f"{name:<16}{shape:<22}" + "".join(f"{t:>11.4f}s" for t in times))


if __name__ == "__main__":
    main()
