"""ISO 11180 keep-clear strips, read back from the PDF: nothing printed within 15 mm of the
bottom edge (the sorting barcode) or of the right edge, on every envelope format."""

from __future__ import annotations

import pytest

from letters.pdf import Address, render_envelopes_pdf
from letters.pdf.layout import (
    ENVELOPES,
    KEEP_CLEAR_BOTTOM,
    KEEP_CLEAR_RIGHT,
    POSTCARD_SHEET,
    POSTCARDS,
)
from letters.pdf.postcards import PostcardJob, render_postcards_pdf

from .conftest import MM, plumber


def printed_objects(page):
    """Every char, line, rectangle and curve on the page, with its kind."""
    return (
        [("char", o) for o in page.chars]
        + [("line", o) for o in page.lines]
        + [("rect", o) for o in page.rects]
        + [("curve", o) for o in page.curves]
    )


def in_strips(page, bottom_mm: float = KEEP_CLEAR_BOTTOM, right_mm: float = KEEP_CLEAR_RIGHT):
    """Objects reaching into the bottom or right strip (pdfplumber's y runs downwards)."""
    height, width = float(page.height), float(page.width)
    # Strokes are drawn as wide as their line width: count half of it on either side.
    return [
        (kind, o.get("text", ""), round(o["x1"] / MM, 1), round((height - o["bottom"]) / MM, 1))
        for kind, o in printed_objects(page)
        if o["bottom"] + o.get("linewidth", 0) / 2 > height - bottom_mm * MM + 1e-6
        or o["x1"] + o.get("linewidth", 0) / 2 > width - right_mm * MM + 1e-6
    ]


def _long(prisoner: Address) -> Address:
    """An address long enough to need the whole zone and smaller type."""
    return Address(
        name_lines=prisoner.name_lines,
        facility=(
            "Федеральное казённое учреждение «Лечебное исправительное учреждение № 10» "
            "Главного управления Федеральной службы исполнения наказаний по Красноярскому краю"
        ),
        street_line="ул. Промышленная, д. 1, корпус 2",
        locality="г. Красноярск",
        district="Советский район",
        region="Красноярский край",
        postcode="660000",
    )


@pytest.mark.parametrize("fmt", list(ENVELOPES))
def test_nothing_printed_in_the_strips(fmt, prisoner, writer, writer_abroad):
    """Short, long, from-abroad and reply envelopes all keep both strips empty."""
    jobs = [(prisoner, writer), (_long(prisoner), writer), (writer, prisoner)]
    pdf = render_envelopes_pdf(jobs, fmt, invariant=True)
    abroad = render_envelopes_pdf([(prisoner, writer_abroad)], fmt, from_abroad=True)
    for document in (pdf, abroad):
        with plumber(document) as doc:
            for page in doc.pages:
                assert page.chars and page.rects  # something was drawn, and read back
                assert in_strips(page) == []
                # The recipient's postcode line (the lowest printed text) sits above the strip.
                lowest = max(c["bottom"] for c in page.chars if c["text"].isdigit())
                assert (float(page.height) - lowest) / MM >= KEEP_CLEAR_BOTTOM


def test_the_reader_sees_a_violation(prisoner, writer):
    """The check is not blind: with a 30 mm strip, today's stencil caption would be in it."""
    with plumber(render_envelopes_pdf([(prisoner, writer)], "C6", invariant=True)) as doc:
        assert in_strips(doc.pages[0], bottom_mm=30.0)


def test_nothing_printed_in_a_postcards_strips(prisoner, writer):
    """A postcard is sorted like a letter: its address side keeps both strips of the card clear
    (the card at the top left of the sheet, read back; the cut lines are cut away)."""
    jobs = [
        PostcardJob(_long(prisoner), writer, "С днём рождения!"),
        PostcardJob(prisoner, writer, "Привет!"),
    ]
    card_w, card_h = POSTCARD_SHEET.card_width * MM, POSTCARD_SHEET.card_height * MM
    with plumber(render_postcards_pdf(jobs, invariant=True)) as doc:
        card = doc.pages[0].crop((0, 0, card_w, card_h))
        objects = [
            (kind, o) for kind, o in printed_objects(card) if not (kind == "line" and o.get("dash"))
        ]
        assert any(kind == "char" for kind, _ in objects)
        reaching = [
            (kind, o.get("text", ""))
            for kind, o in objects
            if o["bottom"] + o.get("linewidth", 0) / 2 > card_h - KEEP_CLEAR_BOTTOM * MM + 1e-6
            or o["x1"] + o.get("linewidth", 0) / 2 > card_w - KEEP_CLEAR_RIGHT * MM + 1e-6
        ]
        assert reaching == []


@pytest.mark.parametrize("fmt", [*ENVELOPES, *POSTCARDS])
def test_zones_stay_out_of_the_strips(fmt):
    """The layout tables themselves keep every zone out of both strips."""
    env = ENVELOPES.get(fmt) or POSTCARDS[fmt]
    for zone in (env.sender, env.recipient, env.stamp, env.stencil):
        for strip in env.keep_clear:
            assert not zone.intersects(strip), (fmt, zone, strip)
