"""Fonts: found in the checkout, registered once, hint-stripped copies still valid."""

from __future__ import annotations

import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from letters.pdf import fonts


def test_fonts_dir_is_the_checkouts_fonts_folder():
    """In a checkout the fonts live at <repo>/fonts, next to their licence."""
    folder = fonts.fonts_dir()
    assert folder.name == "fonts"
    for filename in fonts.FONT_FILES.values():
        assert (folder / filename).is_file()
    assert (folder / "LICENSE-ParaType.txt").is_file()


def test_register_fonts_is_idempotent():
    """Registering twice keeps the same font objects: the work is done once per process."""
    fonts.register_fonts()
    first = pdfmetrics.getFont(fonts.SERIF)
    fonts.register_fonts()
    assert pdfmetrics.getFont(fonts.SERIF) is first


def test_strip_hinting_gives_a_valid_smaller_font():
    """The in-memory copy passes ReportLab's checksum validation and keeps every glyph."""
    raw = (fonts.fonts_dir() / fonts.FONT_FILES[fonts.SANS]).read_bytes()
    stripped = fonts.strip_hinting(raw)
    assert len(stripped) < len(raw)
    original = TTFontFile(io.BytesIO(raw))
    copy = TTFontFile(io.BytesIO(stripped), validate=1)
    assert copy.charToGlyph == original.charToGlyph
    assert copy.charWidths == original.charWidths


def test_coverage_has_russian_and_no_emoji():
    """The cmap lookup knows Cyrillic (with ё) and the typographic marks, and no emoji."""
    covered = fonts.common_coverage(fonts.LETTER_FONTS)
    for ch in "АаЯяЁёЙй«»—№":
        assert ord(ch) in covered
    assert ord("😀") not in covered
