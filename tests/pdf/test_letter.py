"""Letters: paper sizes, Russian date, paragraphs, numbering, reply sheets, cleaning, size."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from reportlab.platypus import Paragraph

from letters.pdf import (
    Letter,
    UnsupportedCharacters,
    render_envelopes_pdf,
    render_letter_pdf,
    render_letters_pdf,
)
from letters.pdf.fonts import LETTER_FONTS, common_coverage
from letters.pdf.layout import LETTER_PAGES
from letters.pdf.letter import build_pdf, russian_date, styles, text_paragraph
from letters.pdf.text import markup

from .conftest import MM, long_text, page_text, plumber, reader


@pytest.mark.parametrize(("paper", "size"), [("A4", (210, 297)), ("LETTER", (215.9, 279.4))])
def test_paper_size(short_letter, paper, size):
    pdf = render_letter_pdf(dataclasses.replace(short_letter, paper=paper), invariant=True)
    box = reader(pdf).pages[0].mediabox
    assert abs(float(box.width) / MM - size[0]) < 0.5
    assert abs(float(box.height) / MM - size[1]) < 0.5


def test_russian_date():
    """Babel's long Russian date, with the month in the genitive."""
    assert russian_date(dt.date(2026, 11, 21)).replace("\u202f", " ") == "21 ноября 2026 г."


def test_every_printed_character_has_a_glyph(short_letter):
    """Babel's narrow no-break space (not in PT Serif) is printed as a no-break space."""
    covered = common_coverage(LETTER_FONTS)
    with plumber(render_letter_pdf(short_letter, invariant=True)) as doc:
        chars = {c["text"] for c in doc.pages[0].chars}
    assert "\u202f" not in chars
    assert all(ord(c) in covered for c in chars if len(c) == 1)


def test_one_page_letter_content(short_letter):
    """Date, greeting, paragraphs, signature and return address, no page number."""
    pdf = render_letter_pdf(short_letter, invariant=True)
    assert len(reader(pdf).pages) == 1
    text = page_text(pdf)
    for part in (
        "21 ноября 2026 г.",
        "Здравствуйте, Сергей!",
        "работаю в библиотеке.",
        "Какие книги вам нравятся?",
        "С теплом,",
        "Анна Иванова",
        "Адрес для ответа:",
        "г. Екатеринбург, 620014",
    ):
        assert part in text
    assert "стр." not in text
    # The two paragraphs stay separate paragraphs (each starts a new line).
    lines = text.split("\n")
    assert any(line.strip().startswith("Какие книги") for line in lines)


def test_text_font_is_pt_serif_12(short_letter):
    with plumber(render_letter_pdf(short_letter, invariant=True)) as doc:
        body = [c for c in doc.pages[0].chars if c["text"] == "М"]
    assert {c["fontname"].split("+")[1] for c in body} == {"PTSerif-Regular"}
    assert {round(c["size"]) for c in body} == {12}


def test_page_numbers_on_every_page(short_letter):
    """«стр. 1 из 2» on each page once the letter runs over one page."""
    letter = dataclasses.replace(short_letter, text=long_text())
    pdf = render_letter_pdf(letter, invariant=True)
    pages = len(reader(pdf).pages)
    assert pages >= 2
    for i in range(pages):
        assert f"стр. {i + 1} из {pages}" in page_text(pdf, i)


def test_reply_sheets_are_counted(short_letter):
    """Blank lined reply sheets follow the letter and count in the page total."""
    letter = dataclasses.replace(short_letter, reply_sheets=2)
    pdf = render_letter_pdf(letter, invariant=True)
    assert len(reader(pdf).pages) == 3
    assert "стр. 1 из 3" in page_text(pdf, 0)
    for i in (1, 2):
        text = page_text(pdf, i)
        assert "Лист для ответа" in text and f"стр. {i + 1} из 3" in text
    with plumber(pdf) as doc:
        assert len(doc.pages[1].lines) > 15  # ruled for handwriting


def _body_only_pages(letter: Letter) -> int:
    bare = dataclasses.replace(letter, signature=None, sender_name=None, return_address=None)
    return len(reader(render_letter_pdf(bare)).pages)


def test_signature_and_return_address_move_to_the_next_page_together(short_letter):
    """When the closing does not fit under the last lines, all of it starts the next page."""
    # The longest text whose body alone still fits on page 1: the closing cannot follow it.
    sentence = "Пишу вам из Екатеринбурга, у нас всё хорошо и спокойно. "
    words = 1
    while _body_only_pages(dataclasses.replace(short_letter, text=sentence * (words + 8))) == 1:
        words += 8
    letter = dataclasses.replace(short_letter, text=sentence * words)
    assert _body_only_pages(letter) == 1
    pdf = render_letter_pdf(letter, invariant=True)
    assert len(reader(pdf).pages) == 2
    first, second = page_text(pdf, 0), page_text(pdf, 1)
    assert "С теплом," not in first and "Адрес для ответа:" not in first
    for part in ("С теплом,", "Анна Иванова", "Адрес для ответа:", "г. Екатеринбург, 620014"):
        assert part in second
    assert "Пишу вам" not in second  # only the closing moved


def test_a_return_address_longer_than_a_page_flows_on(short_letter):
    address = "\n".join(f"строка адреса номер {n}" for n in range(80))
    pdf = render_letter_pdf(dataclasses.replace(short_letter, return_address=address))
    pages = len(reader(pdf).pages)
    assert pages >= 2
    assert "строка адреса номер 79" in page_text(pdf, pages - 1)


@pytest.mark.parametrize(
    "text",
    [
        "Здравствуйте, Сергей! Как вы?",
        "  двойные  пробелы,\u00a0неразрывный пробел и «кавычки» — тире  ",
        "Формула: a < b & c > d <b>не жирный</b> &amp; &lt;",
        "Очень длинный абзац, который переносится на несколько строк. " * 12,
    ],
)
def test_plain_paragraphs_print_as_the_markup_parser_would(text):
    """The fast path for one-line paragraphs draws exactly what Platypus's parser would."""
    style = styles(LETTER_PAGES["A4"])["body"]

    def glyphs(paragraph):
        pdf, _ = build_pdf([paragraph], "A4", title="t", invariant=True)
        with plumber(pdf) as doc:
            chars = doc.pages[0].chars
            return [
                (c["text"], round(c["x0"], 2), round(c["top"], 2), c["fontname"]) for c in chars
            ]

    drawn = glyphs(text_paragraph(text, style))
    assert drawn == glyphs(Paragraph(markup(text), style))
    assert "".join(c[0] for c in drawn).replace(" ", "") == "".join(text.split()).replace(
        "\u00a0", ""
    )


def test_markup_in_text_is_printed_literally(short_letter):
    letter = dataclasses.replace(short_letter, text="Формула: a < b & c > d <b>не жирный</b>")
    text = page_text(render_letter_pdf(letter, invariant=True))
    assert "a < b & c > d <b>не жирный</b>" in text


def test_decomposed_letters_print_composed(short_letter):
    letter = dataclasses.replace(short_letter, text="Мои\u0306 дом и е\u0308жик")
    assert "Мой дом и ёжик" in page_text(render_letter_pdf(letter, invariant=True))


def test_unsupported_characters_from_all_fields(short_letter):
    """One error lists the emoji from the text and the signature together."""
    letter = dataclasses.replace(short_letter, text="Привет 😀", signature="Обнимаю 🤗")
    with pytest.raises(UnsupportedCharacters) as info:
        render_letter_pdf(letter)
    assert info.value.chars == ["😀", "🤗"]


def test_drop_mode_prints_without_them(short_letter):
    letter = dataclasses.replace(short_letter, text="Привет 😀 друг")
    pdf = render_letter_pdf(letter, invariant=True, on_unsupported="drop")
    assert "Привет друг" in page_text(pdf)


def test_invariant_output_is_identical(short_letter):
    assert render_letter_pdf(short_letter, invariant=True) == render_letter_pdf(
        short_letter, invariant=True
    )


def test_one_page_letter_with_envelope_is_small(short_letter, prisoner, writer):
    """As the writer downloads them: the letter and its envelope, two PDFs under 60 KB."""
    letter = render_letter_pdf(short_letter, invariant=True)
    envelope = render_envelopes_pdf([(prisoner, writer)], "C6", invariant=True)
    assert len(letter) + len(envelope) < 60_000


def test_letters_are_numbered_separately(short_letter):
    """In a batch PDF each letter has its own «стр. x из y»; a one-page letter has none."""
    long = dataclasses.replace(short_letter, text=long_text())
    n = len(reader(render_letter_pdf(long)).pages)
    pdf = render_letters_pdf([long, short_letter, long], invariant=True)
    texts = [page_text(pdf, i) for i in range(len(reader(pdf).pages))]
    labels = [next((ln for ln in t.split("\n") if ln.startswith("стр.")), None) for t in texts]
    own = [f"стр. {i} из {n}" for i in range(1, n + 1)]
    assert labels == [*own, None, *own]


def test_mixed_paper_in_one_pdf(short_letter):
    pdf = render_letters_pdf(
        [short_letter, dataclasses.replace(short_letter, paper="LETTER")], invariant=True
    )
    widths = [round(float(p.mediabox.width) / MM, 1) for p in reader(pdf).pages]
    assert widths == [210.0, 215.9]


def test_letter_validates_fields():
    """Only A4 and US Letter paper, and a sane number of reply sheets."""
    with pytest.raises(ValueError):
        Letter(text="x", date=dt.date(2026, 1, 1), paper="A5")
    with pytest.raises(ValueError):
        Letter(text="x", date=dt.date(2026, 1, 1), reply_sheets=-1)
