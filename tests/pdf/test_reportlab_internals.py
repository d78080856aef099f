"""The ReportLab internals letters relies on, checked so that an upgrade fails here, loudly.

``pyproject.toml`` caps ReportLab below its next major version. When raising the cap, these
tests say whether the shortcuts in ``letters/pdf/letter.py`` still hold:

* ``text_paragraph`` clones the parser's own fragment (``ParaFrag.clone``) and hands it to
  ``Paragraph(frags=…)`` to skip the markup parser for one-line paragraphs;
* ``NumberingCanvas`` holds each page back by copying the canvas's ``__dict__`` and replays it
  on ``save`` to print «стр. 1 из 2».
"""

from __future__ import annotations

import inspect
import io

import reportlab
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaFrag

from letters.pdf.layout import LETTER_PAGES
from letters.pdf.letter import _plain_fragment, styles, text_paragraph

LINE = "Здравствуйте, Сергей! Пишу Вам из Екатеринбурга, где уже выпал снег."


def test_reportlab_is_a_version_these_internals_were_checked_on():
    major = int(reportlab.Version.split(".")[0])
    assert major in (4, 5), f"ReportLab {reportlab.Version}: recheck letters/pdf/letter.py"


def test_a_fragment_clone_is_the_parsers_fragment_with_new_text():
    style = styles(LETTER_PAGES["A4"])["body"]
    fragment = _plain_fragment(style)
    assert isinstance(fragment, ParaFrag), "Paragraph(...).frags no longer holds ParaFrag"
    clone = fragment.clone(text=LINE)
    assert clone.text == LINE and fragment.text != LINE, "ParaFrag.clone(text=…) changed"
    assert {k: v for k, v in vars(clone).items() if k != "text"} == {
        k: v for k, v in vars(fragment).items() if k != "text"
    }


def test_a_paragraph_from_frags_lays_out_as_the_parsed_one():
    assert "frags" in inspect.signature(Paragraph.__init__).parameters, "Paragraph(frags=…) gone"
    style = styles(LETTER_PAGES["A4"])["body"]
    fast, parsed = text_paragraph(LINE * 3, style), Paragraph(LINE * 3, style)
    assert fast.wrap(300, 800) == parsed.wrap(300, 800)
    assert fast.blPara.kind == parsed.blPara.kind
    assert fast.blPara.lines == parsed.blPara.lines


def test_a_canvas_keeps_its_page_state_in_its_dict():
    canvas = Canvas(io.BytesIO(), pagesize=(200, 300))
    canvas.drawString(10, 10, "x")
    state = vars(canvas)
    assert "_pagesize" in state and "_code" in state, "Canvas page state left __dict__"
    assert callable(getattr(canvas, "_startPage", None)), "Canvas._startPage is gone"
    held = dict(state)
    canvas._startPage()
    assert vars(canvas)["_code"] != held["_code"] or not held["_code"]
    canvas.__dict__.update(held)
    assert vars(canvas)["_code"] == held["_code"]
