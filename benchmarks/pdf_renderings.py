"""Regenerate the PNG previews in docs/renderings/ (needs poppler's ``pdftoppm``).

    .venv/bin/python benchmarks/pdf_renderings.py

Look at them after any change to letters/pdf/layout.py or the drawing code: they are what a
post-office clerk will see.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from letters.batches.cover import CoverFacts, EnvelopeStack, render_cover_pdf  # noqa: E402
from letters.batches.postage import estimate, load_tariff  # noqa: E402
from letters.pdf import (  # noqa: E402 - after the path tweak, so a checkout works uninstalled
    Address,
    Letter,
    render_envelopes_pdf,
    render_labels_pdf,
    render_letter_pdf,
    reply_envelope_job,
)
from letters.pdf.postcards import PostcardJob, render_postcards_pdf  # noqa: E402

OUT = ROOT / "docs" / "renderings"
from benchmarks.pdf_benchmark import PRISONER, WRITER  # noqa: E402 - the same sample letter

DPI = 100

PRISONER_AS_SENDER = Address(
    name_lines=("Миронов Сергей Геннадьевич, 1981 г. р.",),
    facility=PRISONER.facility,
    street_line=PRISONER.street_line,
    locality=PRISONER.locality,
    region=PRISONER.region,
    postcode=PRISONER.postcode,
)
# «Кому» on the reply envelope: the writer's name in the dative.
WRITER_TO = dataclasses.replace(WRITER, name_lines=("Ивановой Анне Петровне",))
WRITER_ABROAD = Address(
    name_lines=("Anna Ivanova",),
    street_line="Musterstraße 12",
    locality="10115 Berlin",
    country="Germany",
)
LETTER = Letter(
    text=(
        "Меня зовут Анна, я живу в Екатеринбурге и работаю в детской библиотеке. "
        "Недавно прочитала про вас и решила написать.\n\n"
        "У нас уже выпал первый снег, и по утрам я гуляю с собакой по набережной. "
        "Какие книги вам нравятся? Я могу рассказать о новинках, если интересно.\n\n"
        "Держитесь! Буду ждать ответа."
    ),
    date=dt.date(2026, 11, 21),
    greeting="Здравствуйте, Сергей!",
    signature="С теплом,",
    sender_name="Анна",
    return_address="Ивановой Анне Петровне\nул. Ленина, д. 5, кв. 12,\nг. Екатеринбург, 620014",
    reply_sheets=1,
)


POSTCARD_TEXT = (
    "Дорогой Сергей! С днём рождения! Желаем здоровья, сил и терпения — и писем из г. Москвы, "
    "пос. Лесного и д. Берёзовки каждую неделю."
)
# A batch's cover sheet: reply envelopes and a writer's larger envelope in files of their own,
# and a facility name long enough to wrap.
COVER = CoverFacts(
    batch_id=12,
    created="2026-12-07 10:00 UTC",
    envelope_format="C6",
    duplex=False,
    per_facility=[
        (PRISONER.facility, 3),
        (
            "Федеральное казённое учреждение «Исправительная колония № 18 Управления Федеральной "
            "службы исполнения наказаний по Ямало-Ненецкому автономному округу»",
            1,
        ),
    ],
    letters=4,
    sheets=6,
    envelopes=6,
    labels=0,
    postage=estimate(
        load_tariff(), [(2, "C6", True), (1, "C6", False), (1, "C6", True), (2, "C5", False)]
    ),
    held_back=1,
    stacks=[
        EnvelopeStack("envelopes.pdf", "C6", False, 3),
        EnvelopeStack("envelopes-C5.pdf", "C5", False, 1),
        EnvelopeStack("reply-envelopes-C6.pdf", "C6", True, 2),
    ],
)


def _png(pdf: bytes, name: str, dpi: int = DPI, page: int = 1) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(path),
                str(OUT / name),
            ],
            check=True,
        )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for fmt in ("C6", "DL", "C5", "C4"):
        _png(render_envelopes_pdf([(PRISONER, WRITER)], fmt, invariant=True), f"envelope-{fmt}")
    _png(
        render_envelopes_pdf([(PRISONER, WRITER_ABROAD)], "DL", from_abroad=True, invariant=True),
        "envelope-DL-from-abroad",
    )
    reply = reply_envelope_job(PRISONER_AS_SENDER, WRITER_TO)
    _png(render_envelopes_pdf([reply], "C6", invariant=True), "envelope-C6-reply")
    _png(
        render_labels_pdf([PRISONER] * 5, "L7160", 4, invariant=True, outlines=True),
        "labels-L7160",
        dpi=50,
    )
    _png(
        render_labels_pdf([PRISONER] * 5, "L7163", 4, invariant=True, outlines=True),
        "labels-L7163",
        dpi=50,
    )
    _png(render_letter_pdf(LETTER, invariant=True), "letter-A4-page-1", dpi=50)
    # A postcard sheet holds four cards: its first page has the address sides.
    card = PostcardJob(PRISONER, WRITER, POSTCARD_TEXT)
    postcards = render_postcards_pdf([card], invariant=True)
    _png(postcards, "postcard-sheet-address-side", dpi=50)
    _png(postcards, "postcard-sheet-greeting-side", dpi=50, page=2)
    _png(render_cover_pdf(COVER), "batch-cover-sheet", dpi=50)
    print(f"wrote {len(list(OUT.glob('*.png')))} PNGs to {OUT}")


if __name__ == "__main__":
    main()
