"""Issue 21, finding 10: no line ends in «г.» (or «ул.», «д.», «кв.», «п.», «пос.»), none starts
with «р-н», «обл.» or a dash, in any renderer: letters, envelopes, labels, cards, postcards.
Each is read back from the PDF, line by line, over texts that put the break everywhere."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re

import pdfplumber
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from letters.pdf import Address, BatchItem, render_envelopes_pdf, render_labels_pdf
from letters.pdf.cards import PrisonerCardText, render_cards_pdf
from letters.pdf.fit import wrap
from letters.pdf.fonts import SANS, register_fonts
from letters.pdf.letter import render_letter_pdf
from letters.pdf.postcards import PostcardJob, render_postcards_pdf
from letters.pdf.render import render_part

# «г.» after a number («21 ноября 2026 г.») belongs to the number: it may end a line.
_ENDS_BADLY = re.compile(r"(?:^|(?<!\d)\s)(?:г|ул|д|кв|п|пос)\.$", re.IGNORECASE)
_STARTS_BADLY = re.compile(r"^(?:—|–|р-н|обл\.)")
_CAPTIONS = re.compile(r"^(?:Кому|Куда|От кого|Откуда)\s+")
FILLERS = ["", "ой", "очень", "длинные", "предлинные слова", "и ещё немного слов"]
SENTENCE = (
    "Я давно живу по г. Москве — и часто вспоминаю Вас. Пишу из п. Озёрный, пос. Лесной, "
    "ул. Садовая, д. 3, кв. 356, г. Петропавловск-Камчатский; Кировский р-н, Тверская обл. "
)


def _lines(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    return [_CAPTIONS.sub("", line.replace("\u00a0", " ").strip()) for line in text.splitlines()]


def _assert_bound(pdf: bytes) -> None:
    lines = [line for line in _lines(pdf) if line]
    assert lines
    bad = [
        (a, b)
        for a, b in itertools.pairwise(lines)
        if _ENDS_BADLY.search(a) or _STARTS_BADLY.match(b)
    ]
    assert not bad, bad


def test_letter_lines(short_letter):
    text = "\n\n".join(f"{filler} {SENTENCE * 2}".strip() for filler in FILLERS * 2)
    pdf = render_letter_pdf(dataclasses.replace(short_letter, text=text), invariant=True)
    _assert_bound(pdf)
    # Only spaces change: the letter reads back word for word (page footers between).
    printed = iter(" ".join(_lines(pdf)).split())
    assert all(word in printed for word in text.split())


def _addresses(prisoner: Address) -> list[Address]:
    return [
        dataclasses.replace(
            prisoner,
            street_line=f"{filler} ул. Садовая, д. 3, кв. 356, пос. Лесной".strip(),
            locality="г. Петропавловск-Камчатский",
            district=f"Кировский {filler} р-н".replace("  ", " "),
        )
        for filler in FILLERS
    ]


@pytest.mark.parametrize("fmt", ["C6", "DL"])
def test_envelope_lines(prisoner, writer, fmt):
    for address in _addresses(prisoner):
        _assert_bound(render_envelopes_pdf([(address, writer)], fmt, invariant=True))
    # Binding never makes an address unprintable: too wide together, the words part.
    register_fonts()
    width = stringWidth("Петропавловск-Камчатский", SANS, 10) + 1
    assert wrap("г. Петропавловск-Камчатский", SANS, 10, width) == [
        "г.",
        "Петропавловск-Камчатский",
    ]


def test_batch_envelopes_and_labels(short_letter, prisoner, writer):
    items = [BatchItem(short_letter, address, writer) for address in _addresses(prisoner)]
    for item in items:
        _assert_bound(render_part([item], "C6", invariant=True).envelopes_pdf)
        _assert_bound(render_labels_pdf([item.recipient], "L7163", invariant=True))


def test_card_lines():
    for filler in FILLERS:
        card = PrisonerCardText(
            full_name="Миронов Сергей Геннадьевич",
            envelope_lines=[f"ФКУ СИЗО-2 {filler} ул. Рабочая, д. 38, г. Камышин".strip()],
            birthday="1981",
            summary=f"{filler} {SENTENCE}".strip(),
            interests=None,
            presumed=False,
        )
        _assert_bound(render_cards_pdf([card], invariant=True))


def test_postcard_lines(prisoner, writer):
    for filler, address in zip(FILLERS, _addresses(prisoner), strict=True):
        job = PostcardJob(address, writer, f"{filler} {SENTENCE}".strip())
        _assert_bound(render_postcards_pdf([job], invariant=True))
