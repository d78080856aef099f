"""Time the stages of ``letters render`` on a generated input (no database: ``to`` addresses).

    .venv/bin/python benchmarks/pdf_render_command.py [--count 2000] [--processes N]

Stages: reading the JSON Lines file, resolving the records (address parser and language check),
the printability check (letter characters, the envelope drawn on a scratch canvas),
``render_batch`` (parts of 500 on all cores) and counting each letter's pages for the manifest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from letters.pdf import render_batch  # noqa: E402 - after the path tweak
from letters.pdf.batch_input import check_printable, read_records, resolve_records  # noqa: E402

TO = (
    "Миронову Сергею Геннадьевичу, 1981 г. р., ФКУ СИЗО-2 УФСИН России по Волгоградской "
    "области, ул. Рабочая, д. 38, г. Камышин, Волгоградская область, 403882"
)
SENDER = "Анна Иванова\nул. Ленина, д. 5, кв. 12\nг. Екатеринбург\n620014"
TEXT = (
    "Здравствуйте, Сергей! Меня зовут Анна, я живу в Екатеринбурге и работаю в библиотеке. "
    "У нас уже выпал снег, и по утрам я хожу на работу через парк. Какие книги вам нравятся? "
    "Напишите, если будет время.\n\n"
) * 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letters.jsonl"
        rows = [{"text": f"{TEXT}Письмо {i}.", "to": TO, "from": SENDER} for i in range(args.count)]
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")

        timings: dict[str, float] = {}
        start = time.perf_counter()
        records = read_records(path)
        timings["read"] = time.perf_counter() - start

        start = time.perf_counter()
        resolved = resolve_records(records, None, today=dt.date(2026, 11, 21))
        timings["resolve + language check"] = time.perf_counter() - start

        start = time.perf_counter()
        for r in resolved:
            check_printable(r.item, "C6")
        timings["printability check"] = time.perf_counter() - start

        start = time.perf_counter()
        parts = render_batch([r.item for r in resolved], "C6", processes=args.processes)
        timings["render_batch"] = time.perf_counter() - start

        start = time.perf_counter()
        pages = [n for p in parts for n in p.letter_pages]
        timings["page counts"] = time.perf_counter() - start
        assert None not in pages

    total = sum(timings.values())
    print(f"{args.count} letters, {len(parts)} parts, {sum(pages)} letter pages")
    for stage, seconds in timings.items():
        print(f"  {stage:<26} {seconds:7.2f} s  {seconds / total:5.0%}")
    print(f"  {'total':<26} {total:7.2f} s  ({args.count / total:.0f} letters/s)")


if __name__ == "__main__":
    main()
