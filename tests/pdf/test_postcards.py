"""Postcards: the address side laid out as Russian Post expects, four to a sheet, read back."""

from __future__ import annotations

import dataclasses
import io

import pdfplumber
import pytest

from benchmarks.pdf_benchmark import PRISONER
from letters.pdf import Address
from letters.pdf.errors import InvalidPostcode, UnsupportedCharacters
from letters.pdf.layout import POSTCARD_SHEET, POSTCARDS
from letters.pdf.postcards import GreetingTooLong, PostcardJob, render_postcards_pdf
from letters.pdf.stencil import STENCIL_HEIGHT, STENCIL_WIDTH

MIRONOV = dataclasses.replace(PRISONER, name_lines=("Миронову Сергею Геннадьевичу, 1981 г. р.",))
SENDER = Address(name_lines=("Анна Петрова",), street_line="ул. Ленина, д. 1, кв. 2",
                 locality="г. Казань", postcode="420000")  # fmt: skip
GREETING = "С днём рождения! Желаю Вам здоровья, сил и терпения. Пусть этот год будет добрым."
A4_LANDSCAPE = (841.89, 595.28)


def _job(**changes) -> PostcardJob:
    values = {"recipient": MIRONOV, "sender": SENDER, "text": GREETING, **changes}
    return PostcardJob(**values)


def test_the_address_zones_keep_clear_of_each_other():
    layout = POSTCARDS["A6"]
    zones = [layout.sender, layout.recipient, layout.stamp, layout.stencil]
    for i, zone in enumerate(zones):
        assert zone.x >= 8.0 and zone.right <= layout.width - 8.0
        assert zone.y >= 8.0 and zone.top <= layout.height - 8.0
        for other in zones[i + 1 :]:
            assert not zone.intersects(other), (zone, other)
    assert layout.width <= POSTCARD_SHEET.card_width and layout.height <= POSTCARD_SHEET.card_height
    assert (layout.stencil.w, layout.stencil.h) == (STENCIL_WIDTH, STENCIL_HEIGHT)


def test_five_postcards_make_two_sheets_of_address_sides_and_greetings():
    data = render_postcards_pdf([_job(text=f"Здравствуйте! Открытка номер {n}.") for n in range(5)])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 4
        for page in pdf.pages:
            assert (round(page.width, 2), round(page.height, 2)) == A4_LANDSCAPE
        front, back = pdf.pages[0], pdf.pages[1]
        text = front.extract_text()
        assert text.count("Миронову Сергею Геннадьевичу") == 4
        for caption in ("Кому", "Куда", "От кого", "Откуда", "Индекс места назначения"):
            assert caption in text
        assert "Анна Петрова" in text
        # The stencil draws the postcode's strokes in each quarter (four postcodes a page).
        assert len(front.lines) > 40
        greetings = back.extract_text()
        assert all(f"Открытка номер {n}." in greetings for n in range(4))
        # Behind its own address side: the first postcard's greeting is in the right column.
        first = back.search("Открытка номер 0.")[0]
        assert first["x0"] > A4_LANDSCAPE[0] / 2 and first["top"] < A4_LANDSCAPE[1] / 2
        assert "Открытка номер 4." in pdf.pages[3].extract_text()


@pytest.mark.parametrize(
    ("job", "error"),
    [
        (_job(text="Очень длинное поздравление. " * 80), GreetingTooLong),
        (_job(recipient=Address(**{**MIRONOV.__dict__, "postcode": "4038"})), InvalidPostcode),
        (_job(text="С праздником! 🎉"), UnsupportedCharacters),
    ],
)
def test_a_postcard_that_cannot_print_correctly_is_refused(job, error):
    with pytest.raises(error):
        render_postcards_pdf([job])
