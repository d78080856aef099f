"""Label sheets: one address per label, from any starting label of a used sheet."""

from __future__ import annotations

import dataclasses

import pytest

from letters.pdf import LabelLayoutError, render_labels_pdf
from letters.pdf.labels import label_positions
from letters.pdf.layout import LABEL_SHEETS

from .conftest import MM, plumber, reader


def _label_index(sheet, word, page_height):
    """Which label (0-based) holds ``word``'s position."""
    for i in range(sheet.per_sheet):
        box = sheet.label_box(i)
        top = page_height - box.top * MM
        if box.x * MM <= word["x0"] <= box.right * MM and top <= word["top"] <= top + box.h * MM:
            return i
    raise AssertionError("word outside every label")


@pytest.mark.parametrize(("layout", "start"), [("L7163", 1), ("L7163", 4), ("L7160", 8)])
def test_labels_start_at_the_given_label(prisoner, writer, layout, start):
    sheet = LABEL_SHEETS[layout]
    pdf = render_labels_pdf([prisoner, writer, prisoner], layout, start, invariant=True)
    with plumber(pdf) as doc:
        page = doc.pages[0]
        names = [w for w in page.extract_words() if w["text"] in ("Миронову", "Ивановой")]
        got = sorted(_label_index(sheet, w, float(page.height)) for w in names)
    assert got == [start - 1, start, start + 1]


def test_labels_continue_on_a_new_sheet(prisoner):
    """Starting at label 13 of 14, the third address goes to label 1 of a second sheet."""
    pdf = render_labels_pdf([prisoner] * 3, "L7163", 13, invariant=True)
    assert len(reader(pdf).pages) == 2
    assert label_positions(3, LABEL_SHEETS["L7163"], 13) == [(0, 12), (0, 13), (1, 0)]


def test_label_text_stays_inside_the_label(prisoner):
    sheet = LABEL_SHEETS["L7160"]
    with plumber(render_labels_pdf([prisoner], "L7160", 1, invariant=True)) as doc:
        page = doc.pages[0]
        box = sheet.label_box(0)
        for c in page.chars:
            assert box.x * MM <= c["x0"] and c["x1"] <= box.right * MM
        text = page.extract_text()
    assert "403882" in text and "Камышин" in text


def test_invalid_start_label(prisoner):
    with pytest.raises(ValueError):
        render_labels_pdf([prisoner], "L7160", 22)


def test_page_is_a4(prisoner):
    box = reader(render_labels_pdf([prisoner], "L7163", invariant=True)).pages[0].mediabox
    assert abs(float(box.width) / MM - 210) < 0.5 and abs(float(box.height) / MM - 297) < 0.5


def _long_facility(prisoner):
    return dataclasses.replace(
        prisoner,
        facility="ФКУ СИЗО-1 ГУФСИН России по г. Санкт-Петербургу и Ленинградской области",
        district="Колпинский район",
    )


@pytest.mark.parametrize("layout", list(LABEL_SHEETS))
def test_every_label_keeps_legible_type_inside_its_margins(prisoner, writer, layout):
    """Every position of both sheets: type of 8 pt at least, and nothing printed in the label's
    own margin (the die cut drifts), so nothing runs onto the envelope around it."""
    sheet = LABEL_SHEETS[layout]
    addresses = [prisoner, writer, _long_facility(prisoner)] * sheet.per_sheet
    with plumber(render_labels_pdf(addresses[: sheet.per_sheet], layout)) as doc:
        page = doc.pages[0]
        height = float(page.height)
        assert min(c["size"] for c in page.chars) >= sheet.min_font_size >= 8
        inner = [sheet.label_box(i) for i in range(sheet.per_sheet)]
        for c in page.chars:
            x0, x1 = c["x0"] / MM, c["x1"] / MM
            top, bottom = (height - c["top"]) / MM, (height - c["bottom"]) / MM
            assert any(
                b.x + sheet.padding - 0.3 <= x0
                and x1 <= b.right - sheet.padding + 0.3
                and b.y + sheet.padding - 0.3 <= bottom
                and top <= b.top - sheet.padding + 0.3
                for b in inner
            ), c["text"]


def test_an_address_needing_smaller_type_is_refused(prisoner):
    """Rather than print below 8 pt, the label is refused with a reason the caller shows."""
    huge = dataclasses.replace(prisoner, facility="ФКУ ИК-2 ГУФСИН России " * 12)
    with pytest.raises(LabelLayoutError) as info:
        render_labels_pdf([huge], "L7160")
    assert "8 points at least" in info.value.message("en")
    assert "8" in info.value.message("ru")
