"""The ReportLab internals letters relies on, checked so that an upgrade fails here, loudly.

``pyproject.toml`` caps ReportLab below its next major version. When raising the cap, these
tests say whether the shortcuts in ``letters/pdf/letter.py`` still hold:

* ``text_paragraph`` clones the parser's own fragment (``ParaFrag.clone``) and hands it to
  ``Paragraph(frags=…)`` to skip the markup parser for one-line paragraphs;
* ``NumberingCanvas`` holds each page back by copying the canvas's ``__dict__`` and replays it
  on ``save`` to print «стр. 1 из 2»;
* ``QuickTTFont`` (``letters/pdf/fonts.py``) encodes lines from ReportLab's subset assignments
  (``TTFont.state[doc].assignments``) and must give ``TTFont.splitString``'s very bytes.
"""

from __future__ import annotations

import inspect
import io

import pytest
import reportlab
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaFrag

from letters.pdf.fonts import (
    FONT_FILES,
    SERIF,
    QuickTTFont,
    covered_codepoints,
    fonts_dir,
    strip_hinting,
)
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


def _serif(kind: type[TTFont]) -> TTFont:
    data = strip_hinting((fonts_dir() / FONT_FILES[SERIF]).read_bytes())
    return kind(SERIF, io.BytesIO(data))


# Lines as letters have them, and what makes ReportLab's encoding branch: characters the
# document has not met yet, a no-break space, characters the font lacks, and more characters
# than one subset of 256 holds (Greek, Armenian, Latin Extended: PT Serif draws some of them).
_CHARACTERS = st.one_of(
    st.sampled_from("Здравствуйте, Сергей! Как дела? «ёЁ» — 1993 г.\u00a0р. abcXYZ\u00a0 "),
    st.characters(min_codepoint=0x20, max_codepoint=0x24F),
    st.characters(min_codepoint=0x370, max_codepoint=0x58F),
    st.sampled_from("😊\u4e2d\u200b\ufffe\t\n"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_CHARACTERS, max_size=60), max_size=60))
def test_quick_font_encodes_every_line_as_reportlab_does(lines):
    quick, plain = _serif(QuickTTFont), _serif(TTFont)
    quick_doc, plain_doc = PDFDocument(), PDFDocument()
    for line in lines * 2:  # the second time round, every character has its code
        assert quick.splitString(line, quick_doc) == plain.splitString(line, plain_doc), line
    assert _codes(quick, quick_doc) == _codes(plain, plain_doc)


def _codes(font: TTFont, doc: PDFDocument) -> tuple | None:
    """The codes the document's subsets give the characters met so far."""
    state = font.state.get(doc)
    return (state.assignments, state.subsets, state.nextCode) if state else None


def test_quick_font_encodes_known_lines_without_reportlabs_loop(monkeypatch):
    quick, plain = _serif(QuickTTFont), _serif(TTFont)
    quick_doc, plain_doc = PDFDocument(), PDFDocument()
    # More characters than the first subset holds: the last ones go into the second.
    others = (chr(c) for c in sorted(covered_codepoints(SERIF)) if c > 0x7F and chr(c) not in LINE)
    many = "".join(others)[:300]
    second = many[-40:]
    for line in (LINE, many):  # assigns the characters their codes
        assert quick.splitString(line, quick_doc) == plain.splitString(line, plain_doc)
    expected = [plain.splitString(line, plain_doc) for line in (LINE, second)]
    assert expected[1][0][0] == 1, "the test's line is not in the second subset"
    # A character the font lacks is ReportLab's byte 0 of the first subset, in any line.
    for line in (second + "\ufffe", LINE + "\ufffe"):
        assert quick.splitString(line, quick_doc) == plain.splitString(line, plain_doc)
    monkeypatch.setattr(TTFont, "splitString", lambda *args: pytest.fail("ReportLab's loop"))
    assert [quick.splitString(line, quick_doc) for line in (LINE, second)] == expected
    assert quick.splitString(LINE.replace(" ", "\u00a0"), quick_doc) == expected[0]
