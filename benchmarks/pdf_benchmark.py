"""Benchmark the PDF renderer against its targets.

    .venv/bin/python benchmarks/pdf_benchmark.py [--count 1000] [--skip-weasyprint]

Targets (from the design brief):

* one letter with its envelope: median ≤ 30 ms, fonts registered once per process;
* a one-page letter with its envelope: under 60 KB.

It also times 1,000 letters with ``render_part`` in one process, in parts of ``MAX_PART``, as
a volunteer batch is printed (for ``letters render`` on every core, see
``benchmarks/render_command.py``).

For comparison, if WeasyPrint is installed, the same letters are rendered from an HTML template
with it (skipped gracefully when it is not). Timings vary between machines: they live here, not
in the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from letters.pdf import (  # noqa: E402 - after the path tweak, so a checkout works uninstalled
    MAX_PART,
    Address,
    BatchItem,
    Letter,
    render_envelopes_pdf,
    render_letter_pdf,
    render_part,
)
from letters.pdf.fonts import FONT_FILES, SERIF, fonts_dir, register_fonts  # noqa: E402

PRISONER = Address(
    name_lines=("Миронову Сергею Геннадьевичу,", "1981 г. р."),
    facility="ФКУ СИЗО-2 УФСИН России по Волгоградской области",
    street_line="ул. Рабочая, д. 38",
    locality="г. Камышин",
    region="Волгоградская область",
    postcode="403882",
)
WRITER = Address(
    name_lines=("Ивановой Анны Петровны",),
    street_line="ул. Ленина, д. 5, кв. 12",
    locality="г. Екатеринбург",
    region="Свердловская область",
    postcode="620014",
)
# About 1,800 characters: a typical one-page letter of support.
TEXT = "\n\n".join(
    [
        "Меня зовут Анна, я живу в Екатеринбурге и работаю в детской библиотеке. "
        "Недавно прочитала о вас и решила написать, чтобы вы знали: о вас помнят.",
        "У нас уже выпал первый снег, и по утрам я гуляю с собакой по набережной. "
        "Собаку зовут Тоша, ей семь лет, и она очень любит снег. Вечерами я читаю: "
        "сейчас это «Дерсу Узала» Арсеньева, очень советую, если попадётся.",
        "Какие книги вам нравятся? Может быть, вы любите историю или путешествия? "
        "Я могу рассказать о новинках, которые приходят к нам в библиотеку, "
        "или прислать список того, что стоит прочитать этой зимой.",
        "Напишите, если будет время и желание. Мне интересно, как проходит ваш день, "
        "что вы читаете и о чём думаете. Держитесь! Буду ждать ответа.",
    ]
)
LETTER = Letter(
    text=TEXT,
    date=dt.date(2026, 11, 21),
    greeting="Здравствуйте, Сергей!",
    signature="С теплом,",
    sender_name="Анна Иванова",
    return_address="Ивановой Анне Петровне\nул. Ленина, д. 5, кв. 12,\nг. Екатеринбург, 620014",
)


def accelerated() -> bool:
    """True when ReportLab's C accelerator (the ``rl_accel`` package) is in use."""
    from reportlab.lib import rl_accel

    return type(rl_accel.instanceStringWidthTTF).__name__ == "builtin_function_or_method"


def bench_single(runs: int = 50) -> None:
    t = time.perf_counter()
    register_fonts()
    print(f"font registration (once per process): {(time.perf_counter() - t) * 1000:.1f} ms")

    def letter_and_envelope() -> int:  # as the writer downloads them: two PDFs
        letter = render_letter_pdf(LETTER)
        return len(letter) + len(render_envelopes_pdf([(PRISONER, WRITER)], "C6"))

    letter_and_envelope()  # warm caches
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        size = letter_and_envelope()
        times.append(time.perf_counter() - t)
    median = statistics.median(times) * 1000
    print(f"one letter + C6 envelope: median {median:.1f} ms over {runs} runs (target ≤ 30 ms)")
    print(f"one-page letter + envelope PDFs: {size / 1024:.1f} KB (target < 60 KB)")


def bench_batch(count: int) -> None:
    items = [BatchItem(LETTER, PRISONER, WRITER) for _ in range(count)]
    t = time.perf_counter()
    parts = [render_part(items[i : i + MAX_PART], "C6") for i in range(0, count, MAX_PART)]
    elapsed = time.perf_counter() - t
    size = sum(len(p.letters_pdf) + len(p.envelopes_pdf) for p in parts)
    print(
        f"{count} letters + envelopes, one process, {len(parts)} part(s): "
        f"{elapsed:.2f} s = {count / elapsed:.0f} letters/s, {size / 1024 / 1024:.1f} MB"
    )


def bench_weasyprint(count: int) -> None:
    paragraphs = TEXT.split("\n\n")
    sender = ("Ивановой Анны Петровны", "ул. Ленина, д. 5, кв. 12", "г. Екатеринбург",
              "Свердловская область", "620014")  # fmt: skip
    recipient = ("Миронову Сергею Геннадьевичу, 1981 г. р.", *PRISONER.place_lines())
    letter = WeasyLetter(paragraphs, sender, recipient, greeting="Здравствуйте, Сергей!",
                         signature=("С теплом,", "Анна Иванова"))  # fmt: skip
    weasyprint_timing([letter] * count)


@dataclass(frozen=True)
class WeasyLetter:
    """What the HTML rendering of a letter and its envelope shows."""

    paragraphs: Sequence[str]
    sender: Sequence[str]  # name, then address lines; the last one is printed in bold
    recipient: Sequence[str]
    greeting: str = ""
    signature: Sequence[str] = ()
    return_address: Sequence[str] = ()


def weasyprint_timing(letters: Sequence[WeasyLetter]) -> float | None:
    """Render ``letters`` with their envelopes through HTML with WeasyPrint; print the time."""
    try:
        import weasyprint
    except Exception as exc:  # not installed, or its system libraries (Pango) are missing
        print(f"WeasyPrint comparison skipped: {exc.__class__.__name__}: {exc}")
        return None
    source = _weasy_html(letters)
    t = time.perf_counter()
    pdf = weasyprint.HTML(string=source).write_pdf()
    elapsed = time.perf_counter() - t
    print(
        f"WeasyPrint {weasyprint.__version__}, same {len(letters)} letters + envelopes in one "
        f"process: {elapsed:.2f} s = {len(letters) / elapsed:.0f} letters/s, "
        f"{len(pdf) / 1024 / 1024:.1f} MB"
    )
    return elapsed


def _lines(lines: Sequence[str], bold_last: bool = False) -> str:
    shown = [html.escape(line) for line in lines]
    if bold_last and shown:
        shown[-1] = f"<b>{shown[-1]}</b>"
    return "<br>".join(shown)


def _weasy_page(letter: WeasyLetter) -> str:
    name, *address = letter.recipient
    envelope = (
        f"<section class='env'><div class='from'><small>От кого</small> "
        f"{_lines(letter.sender, bold_last=True)}</div>"
        "<div class='stamp'>Место для марки</div><div class='to'>"
        f"<small>Кому</small> {html.escape(name)}<br><small>Куда</small> "
        f"{_lines(address, bold_last=True)}</div></section>"
    )
    greeting = f"<p class='greet'>{html.escape(letter.greeting)}</p>" if letter.greeting else ""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in letter.paragraphs)
    signature = f"<p class='sig'>{_lines(letter.signature)}</p>" if letter.signature else ""
    reply = (
        f"<p class='addr'>Адрес для ответа:<br>{_lines(letter.return_address)}</p>"
        if letter.return_address
        else ""
    )
    return (
        f"{envelope}<section class='letter'><p class='date'>21 ноября 2026 г.</p>"
        f"{greeting}{paragraphs}{signature}{reply}</section>"
    )


def _weasy_html(letters: Sequence[WeasyLetter]) -> str:
    folder = fonts_dir()
    body = "".join(_weasy_page(letter) for letter in letters)
    return f"""<!doctype html><html lang="ru"><head><meta charset="utf-8"><style>
@font-face {{ font-family: PTSerif; src: url("{(folder / FONT_FILES[SERIF]).as_uri()}"); }}
@page {{ size: A4; margin: 20mm 20mm 25mm 25mm;
  @bottom-center {{ content: "стр. " counter(page) " из " counter(pages); font-size: 9pt; }} }}
@page envelope {{ size: 162mm 114mm; margin: 8mm; @bottom-center {{ content: none; }} }}
body {{ font-family: PTSerif; font-size: 12pt; line-height: 17pt; }}
.env {{ page: envelope; page-break-after: always; position: relative; height: 98mm; }}
.from {{ position: absolute; left: 0; top: 0; width: 90mm; font-size: 9pt; }}
.stamp {{ position: absolute; right: 0; top: 0; width: 40mm; height: 25mm;
  border: 1px dashed #888; font-size: 7pt; text-align: center; }}
.to {{ position: absolute; right: 0; bottom: 0; width: 78mm; font-size: 10pt; }}
.letter {{ page-break-after: always; }} .date, .sig {{ text-align: right; }}
p {{ text-indent: 10mm; margin: 0 0 5pt; }} .date, .greet, .sig, .addr {{ text-indent: 0; }}
.addr {{ font-size: 10pt; line-height: 13pt; margin-top: 14pt; }}
</style></head><body>{body}</body></html>"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--skip-weasyprint", action="store_true")
    args = parser.parse_args()
    print(
        f"ReportLab C accelerator (rl_accel): {'yes' if accelerated() else 'NO'}; "
        f"CPUs: {os.cpu_count()}"
    )
    bench_single()
    bench_batch(args.count)
    if not args.skip_weasyprint:
        bench_weasyprint(args.count)


if __name__ == "__main__":
    main()
