"""Many letters: letters and envelopes in the same order, in bounded parts."""

from __future__ import annotations

import dataclasses

import pytest

from letters.pdf import MAX_PART, BatchItem, render_part, reply_envelope_job
from letters.pdf.plans import Stack, check_printable
from letters.pdf.render import render_plans

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


def test_reply_envelopes_are_a_stack_of_their_own(short_letter, prisoner, writer):
    """A printer's feed takes one size a job: DL envelopes and C6 reply envelopes never share
    a PDF, and each PDF keeps the letters' order."""
    me = dataclasses.replace(prisoner, name_lines=("Миронов Сергей Геннадьевич",))
    items = _items(short_letter, prisoner, writer, 3)
    items[0] = dataclasses.replace(items[0], reply=reply_envelope_job(me, writer))
    items[2] = dataclasses.replace(items[2], reply=reply_envelope_job(me, writer))
    part = render_part(items, "DL", invariant=True)
    assert list(part.stacks) == [Stack("DL"), Stack("C6", reply=True)]
    outgoing = [page_text(part.envelopes_pdf, i) for i in range(3)]
    assert [text.split("Номер")[1][0] for text in outgoing] == list("012")
    replies = reader(part.stacks[Stack("C6", reply=True)]).pages
    assert len(replies) == 2
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in replies} == {
        (459, 323)  # C6, 162 × 114 mm
    }
    assert {round(float(p.mediabox.width)) for p in reader(part.envelopes_pdf).pages} == {624}


def test_the_checked_plans_are_what_prints(short_letter, prisoner, writer):
    """The check lays each envelope out once and the renderer draws those very plans."""
    me = dataclasses.replace(prisoner, name_lines=("Миронов Сергей Геннадьевич",))
    items = _items(short_letter, prisoner, writer, 2)
    items[1] = dataclasses.replace(items[1], reply=reply_envelope_job(me, writer))
    plans = [check_printable(item, "DL") for item in items]
    laid = [envelope.layout.name for plan in plans for envelope in plan.envelopes]
    assert laid == ["DL", "DL", "C6"]  # the reply fits inside
    assert render_plans(plans, invariant=True) == render_part(items, "DL", invariant=True)


def test_letters_alone(short_letter, prisoner, writer):
    part = render_part(_items(short_letter, prisoner, writer, 2), None, invariant=True)
    assert part.envelopes_pdf is None and len(reader(part.letters_pdf).pages) == 2


def test_a_part_is_bounded(short_letter, prisoner, writer):
    items = [BatchItem(short_letter, prisoner, writer)] * (MAX_PART + 1)
    with pytest.raises(ValueError, match="at most 500"):
        render_part(items)
