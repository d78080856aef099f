"""Text cleaning: NFC, invisible characters, substitutions, unsupported characters, escaping."""

from __future__ import annotations

import pytest

from letters.pdf.errors import UnsupportedCharacters
from letters.pdf.fonts import LETTER_FONTS
from letters.pdf.text import clean_text, markup, paragraphs, unsupported_characters


def test_decomposed_letters_are_composed():
    """«й» typed as и + combining breve prints as one letter (NFC)."""
    decomposed = "Андреи\u0306 и е\u0308лка"
    assert clean_text(decomposed, LETTER_FONTS) == "Андрей и ёлка"


def test_invisible_characters_are_removed():
    """Zero-width spaces, BOM, soft hyphens and variation selectors carry no words."""
    assert clean_text("При\u200bвет\ufeff, ми\u00adр\ufe0f", LETTER_FONTS) == "Привет, мир"


def test_typographic_spaces_become_printable_spaces():
    """A narrow no-break space (missing from PT Serif) becomes a no-break space."""
    assert clean_text("10\u202f000 рублей", LETTER_FONTS) == "10\u00a0000 рублей"


def test_line_breaks_are_normalised():
    assert clean_text("а\r\nб\rв\u2029г", LETTER_FONTS) == "а\nб\nв\nг"


def test_emoji_raise_an_error_naming_them():
    """Never an empty box: the error lists each character once, in order, with its code."""
    with pytest.raises(UnsupportedCharacters) as info:
        clean_text("Привет 😀! Обнимаю 🤗😀", LETTER_FONTS)
    assert info.value.chars == ["😀", "🤗"]
    assert "U+1F600" in str(info.value)
    assert "😀" in info.value.message("en")


def test_drop_mode_removes_unsupported_characters():
    """Batch mode drops them and closes up the spaces they leave."""
    assert clean_text("Привет 😀 друг", LETTER_FONTS, on_unsupported="drop") == "Привет друг"


def test_unsupported_characters_lists_what_the_font_lacks():
    assert unsupported_characters("ok ☃ ok", LETTER_FONTS) == ["☃"]
    assert unsupported_characters("Всё хорошо", LETTER_FONTS) == []


def test_markup_escapes_xml_and_keeps_line_breaks():
    """User text can't inject Platypus markup."""
    assert markup("<b>x</b> & y\nz") == "&lt;b&gt;x&lt;/b&gt; &amp; y<br/>z"


def test_paragraphs_split_on_blank_lines():
    assert paragraphs("\n\nодин\nстрока\n\n  \nдва\n") == ["один\nстрока", "два"]
