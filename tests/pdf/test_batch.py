"""Many letters: letters and envelopes in the same order, in bounded parts."""

from __future__ import annotations

import dataclasses

import pytest

from letters.pdf import MAX_PART, BatchItem, render_part, reply_envelope_job
from letters.pdf.render import envelope_plans

from .conftest import page_text, reader


def _items(short_letter, prisoner, writer, n):
    items = []
    for i in range(n):
        name = f"Получателю Номер{i}, 1980 г. р."
        recipient = dataclasses.replace(prisoner, name_lines=(name,))
        letter = dataclasses.replace(short_letter, greeting=f"Здравствуйте, Номер{i}!")
        items.append(BatchItem(letter, recipient, writer))
    return items


def test_part_keeps_order(short_letter, prisoner, writer):
    """Letters and envelopes come in the same order."""
    part = render_part(_items(short_letter, prisoner, writer, 5), "C6", invariant=True)
    assert part.letter_pages == (1, 1, 1, 1, 1)
    seen_letters = [
        page_text(part.letters_pdf, i).split("Номер")[1][0]
        for i in range(len(reader(part.letters_pdf).pages))
    ]
    seen_envelopes = [
        page_text(part.envelopes_pdf, i).split("Номер")[1][0]
        for i in range(len(reader(part.envelopes_pdf).pages))
    ]
    assert seen_letters == seen_envelopes == list("01234")


def test_reply_envelope_follows_its_letters_envelope(short_letter, prisoner, writer):
    me = dataclasses.replace(prisoner, name_lines=("Миронов Сергей Геннадьевич",))
    items = [
        BatchItem(short_letter, prisoner, writer, reply=reply_envelope_job(me, writer)),
        BatchItem(short_letter, prisoner, writer),
    ]
    part = render_part(items, invariant=True)
    texts = [page_text(part.envelopes_pdf, i) for i in range(3)]
    assert "Миронову" in texts[0] and "Миронов Сергей" in texts[1] and "Миронову" in texts[2]


def test_planned_envelopes_print_the_same(short_letter, prisoner, writer):
    """Envelopes checked first (``letters render``) print as those laid out while drawing."""
    me = dataclasses.replace(prisoner, name_lines=("Миронов Сергей Геннадьевич",))
    items = _items(short_letter, prisoner, writer, 2)
    items[1] = dataclasses.replace(items[1], reply=reply_envelope_job(me, writer))
    plans = [plan for item in items for plan in envelope_plans(item, "DL")]
    assert [plan.layout.name for plan in plans] == ["DL", "DL", "C6"]  # the reply fits inside
    drawn = render_part(items, "DL", invariant=True)
    assert render_part(items, "DL", plans=plans, invariant=True) == drawn


def test_letters_alone(short_letter, prisoner, writer):
    part = render_part(_items(short_letter, prisoner, writer, 2), None, invariant=True)
    assert part.envelopes_pdf is None and len(reader(part.letters_pdf).pages) == 2


def test_a_part_is_bounded(short_letter, prisoner, writer):
    items = [BatchItem(short_letter, prisoner, writer)] * (MAX_PART + 1)
    with pytest.raises(ValueError, match="at most 500"):
        render_part(items)
