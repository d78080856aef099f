"""Layout tables: zones inside the page, apart from each other, where ГОСТ Р 51506-99 puts them."""

from __future__ import annotations

import pytest

from letters.pdf.layout import ENVELOPES, LABEL_SHEETS, LETTER_PAGES, STENCIL_BOTTOM, Box

SIZES = {"C6": (162, 114), "DL": (220, 110), "C5": (229, 162), "C4": (324, 229)}


@pytest.mark.parametrize("name", list(ENVELOPES))
def test_envelope_zones(name):
    """Landscape page of the envelope's size; zones in their corners, none overlapping."""
    env = ENVELOPES[name]
    assert (env.width, env.height) == SIZES[name]
    page = Box(0, 0, env.width, env.height)
    zones = {
        "sender": env.sender,
        "recipient": env.recipient,
        "stamp": env.stamp,
        "stencil": env.stencil,
    }
    for zone in zones.values():
        assert page.contains(zone)
        assert zone.x >= 8 and zone.y >= 8 and zone.right <= env.width - 8
    for a in zones:
        for b in zones:
            if a < b:
                assert not zones[a].intersects(zones[b]), (a, b)
    assert (env.stamp.w, env.stamp.h) == (40, 25)
    assert env.stamp.top > env.height * 0.75 and env.stamp.right > env.width * 0.9
    assert env.sender.top > env.height * 0.85 and env.sender.x < 15
    assert env.recipient.right > env.width * 0.9 and env.recipient.y < 20
    assert env.stencil.y == STENCIL_BOTTOM and env.stencil.x < 20


@pytest.mark.parametrize("name", list(LABEL_SHEETS))
def test_label_sheets_fit_a4(name):
    """Every label lies on the page; neighbours do not overlap."""
    sheet = LABEL_SHEETS[name]
    page = Box(0, 0, sheet.page_width, sheet.page_height)
    boxes = [sheet.label_box(i) for i in range(sheet.per_sheet)]
    assert all(page.contains(b) for b in boxes)
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    # Symmetric side margins, as printed on the box.
    assert abs(boxes[0].x - (sheet.page_width - boxes[sheet.columns - 1].right)) < 0.1
    assert abs((sheet.page_height - boxes[0].top) - boxes[-1].y) < 0.1


def test_label_sheet_counts():
    assert LABEL_SHEETS["L7163"].per_sheet == 14
    assert LABEL_SHEETS["L7160"].per_sheet == 21


def test_letter_pages():
    assert (LETTER_PAGES["A4"].width, LETTER_PAGES["A4"].height) == (210, 297)
    assert (LETTER_PAGES["LETTER"].width, LETTER_PAGES["LETTER"].height) == (215.9, 279.4)
    for page in LETTER_PAGES.values():
        assert min(page.left, page.right, page.top, page.bottom) >= 20  # generous margins
