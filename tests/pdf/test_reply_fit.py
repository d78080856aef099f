"""The reply envelope fits inside the outgoing one: one format smaller, or a C6 folded once."""

from __future__ import annotations

import dataclasses

import pytest

from letters.pdf import render_envelopes_pdf, reply_envelope_job
from letters.pdf.layout import ENVELOPES, EnvelopeLayout

from .conftest import MM, reader

# Room an envelope leaves inside for its contents: seams and flap take about 2 mm a side.
INSIDE_CLEARANCE = 5.0


def fits_inside(inner: EnvelopeLayout, outer: EnvelopeLayout, folded: bool) -> bool:
    """True when envelope ``inner`` (folded once across its width, if ``folded``) slips into
    ``outer`` either way round, with :data:`INSIDE_CLEARANCE` to spare in both directions."""
    w, h = (inner.width / 2, inner.height) if folded else (inner.width, inner.height)
    room_w, room_h = outer.width - INSIDE_CLEARANCE, outer.height - INSIDE_CLEARANCE
    return (w <= room_w and h <= room_h) or (h <= room_w and w <= room_h)


@pytest.mark.parametrize("fmt", list(ENVELOPES))
def test_the_table_names_a_reply_that_fits(fmt):
    """Each format's reply envelope slips inside it, folded only where the table says so."""
    outer = ENVELOPES[fmt]
    inner = ENVELOPES[outer.reply.format]
    assert fits_inside(inner, outer, folded=outer.reply.folded)
    # Unfolded, a reply of the outgoing format itself never fits: the rule is not vacuous.
    assert not fits_inside(outer, outer, folded=False)
    if outer.reply.folded:
        assert not fits_inside(inner, outer, folded=False)


def test_fit_is_real_geometry():
    """C5 goes flat into C4; a DL does not go into a C6 at all, even folded."""
    assert fits_inside(ENVELOPES["C5"], ENVELOPES["C4"], folded=False)
    assert not fits_inside(ENVELOPES["DL"], ENVELOPES["C6"], folded=True)
    assert not fits_inside(ENVELOPES["C6"], ENVELOPES["DL"], folded=False)  # 114 mm > 110 mm


@pytest.mark.parametrize("fmt", list(ENVELOPES))
def test_reply_page_is_printed_in_the_reply_format(fmt, prisoner, writer):
    """Outgoing and reply envelope in one PDF: each page has its own format's size."""
    me = dataclasses.replace(prisoner, name_lines=("Миронов Сергей Геннадьевич",))
    pdf = render_envelopes_pdf([(prisoner, writer), reply_envelope_job(me, writer)], fmt)
    outgoing, reply = reader(pdf).pages
    want = ENVELOPES[ENVELOPES[fmt].reply.format]
    assert round(float(outgoing.mediabox.width) / MM) == round(ENVELOPES[fmt].width)
    assert round(float(reply.mediabox.width) / MM) == round(want.width)
    assert round(float(reply.mediabox.height) / MM) == round(want.height)
