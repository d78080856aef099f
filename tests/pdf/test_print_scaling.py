"""Envelope and label PDFs ask the viewer to print at actual size (``/PrintScaling /None``)."""

from __future__ import annotations

import pytest

from letters.pdf import (
    render_envelopes_pdf,
    render_labels_pdf,
    render_letter_pdf,
)
from letters.pdf.layout import ENVELOPES, LABEL_SHEETS

from .conftest import reader


def _print_scaling(pdf: bytes):
    prefs = reader(pdf).trailer["/Root"].get("/ViewerPreferences")
    return prefs.get_object().get("/PrintScaling") if prefs is not None else None


@pytest.mark.parametrize("fmt", list(ENVELOPES))
def test_envelopes_print_at_actual_size(fmt, prisoner, writer):
    assert _print_scaling(render_envelopes_pdf([(prisoner, writer)], fmt)) == "/None"


@pytest.mark.parametrize("sheet", list(LABEL_SHEETS))
def test_labels_print_at_actual_size(sheet, prisoner):
    assert _print_scaling(render_labels_pdf([prisoner], sheet)) == "/None"


def test_a_letter_alone_leaves_the_viewer_its_default(short_letter):
    """Only pages that carry a stencil insist: a letter may be fitted to the paper."""
    assert _print_scaling(render_letter_pdf(short_letter, invariant=True)) is None
