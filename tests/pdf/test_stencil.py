"""The postcode stencil: the digit table as data, and the strokes actually in the PDF."""

from __future__ import annotations

import itertools

import pytest

from letters.pdf import InvalidPostcode, render_envelopes_pdf
from letters.pdf import stencil as st
from letters.pdf.layout import ENVELOPES, STENCIL_BOTTOM

from .conftest import MM, plumber

TOLERANCE = 0.1 * MM  # 0.1 mm in points


def test_segments_follow_the_digit_table():
    """403882: each digit's strokes join the table's nodes, cell by cell on a 9 mm pitch."""
    segments = st.stencil_segments("403882")
    expected = []
    for index, digit in enumerate("403882"):
        ox, oy = 9.0 * (index + 1) + 1.0, 4.0
        nodes = [st.NODES[n] for n in st.DIGIT_POLYLINES[digit]]
        points = [(ox + x, oy + y) for x, y in nodes]
        expected += list(itertools.pairwise(points))
    assert segments == expected
    # 4: TL-ML-MR-TR-BR is four strokes; 0 is four; 3 four; 8 six; 2 four.
    assert len(segments) == 4 + 4 + 4 + 6 + 6 + 4


def test_digit_table_is_the_standard():
    """Spot-check the table against ГОСТ Р 51506-99's sample digits."""
    assert st.DIGIT_POLYLINES["1"] == ("ML", "TR", "BR")
    assert st.DIGIT_POLYLINES["7"] == ("TL", "TR", "ML", "BL")
    assert st.NODES["BR"] == (5.0, 10.0)
    assert st.STENCIL_WIDTH == 61.0 and st.STENCIL_HEIGHT == 14.0


def test_bars_are_marker_plus_one_per_digit():
    bars = st.bars()
    assert bars[0] == (0.0, 0.0, 7.0, 2.0)
    assert bars[1] == (0.0, 3.0, 7.0, 1.0)  # 3 mm below the top of the first bar
    assert [b[0] for b in bars[2:]] == [9.0, 18.0, 27.0, 36.0, 45.0, 54.0]
    assert all(b[2:] == (7.0, 2.0) for b in bars[2:])


@pytest.mark.parametrize("bad", ["40388", "4038820", "40З882", "abcdef", "", "４０３８８２"])
def test_invalid_postcodes_are_rejected(bad):
    with pytest.raises(InvalidPostcode):
        st.validate_postcode(bad)


def test_spaces_in_postcode_are_tolerated():
    assert st.validate_postcode("403 882") == "403882"


@pytest.mark.parametrize("fmt", ["C6", "DL", "C5", "C4"])
def test_pdf_strokes_are_exactly_the_prescribed_ones(fmt, prisoner, writer):
    """Read the lines back from the PDF and match them to the table within 0.1 mm."""
    layout = ENVELOPES[fmt]
    pdf = render_envelopes_pdf([(prisoner, writer)], fmt, invariant=True)
    expected = st.page_segments("403882", layout.stencil_x, STENCIL_BOTTOM)
    with plumber(pdf) as doc:
        page = doc.pages[0]
        height = float(page.height)
        stencil_box = layout.stencil
        drawn = []
        for line in page.lines:
            pts = [(float(x), height - float(y)) for x, y in line["pts"]]
            # Keep only strokes inside the stencil area (the address rules are lines too).
            if all(
                stencil_box.x * MM - 1 <= x <= stencil_box.right * MM + 1
                and stencil_box.y * MM - 1 <= y <= stencil_box.top * MM + 1
                for x, y in pts
            ):
                drawn.append(pts)
        assert len(drawn) == len(expected)
        for (a, b), pts in zip(expected, drawn, strict=True):
            want = [(a[0] * MM, a[1] * MM), (b[0] * MM, b[1] * MM)]
            for (wx, wy), (gx, gy) in zip(want, pts, strict=True):
                assert abs(wx - gx) <= TOLERANCE and abs(wy - gy) <= TOLERANCE
        # The bars come back as filled rectangles of the right size and place.
        rects = sorted(
            (
                round(r["x0"] / MM, 1),
                round((height - r["bottom"]) / MM, 1),
                round(r["width"] / MM, 1),
                round(r["height"] / MM, 1),
            )
            for r in page.rects
            if r["fill"]
        )
        want_bars = sorted(
            (round(x, 1), round(y, 1), round(w, 1), round(h, 1))
            for x, y, w, h in st.page_bars(layout.stencil_x, STENCIL_BOTTOM)
        )
        assert rects == want_bars


def test_no_stencil_for_an_address_abroad(prisoner, writer_abroad):
    """A reply to Germany has no Russian stencil: its postcode is not a Russian one."""
    pdf = render_envelopes_pdf([(writer_abroad, prisoner)], "C6", invariant=True)
    with plumber(pdf) as doc:
        assert not [r for r in doc.pages[0].rects if r["fill"]]
