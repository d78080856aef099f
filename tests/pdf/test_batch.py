"""Batches: letters and envelopes in the same order, split into bounded parts."""

from __future__ import annotations

import dataclasses

from letters.pdf import BatchItem, render_batch, reply_envelope_job

from .conftest import page_text, reader


def _items(short_letter, prisoner, writer, n):
    items = []
    for i in range(n):
        name = f"Получателю Номер{i}, 1980 г. р."
        recipient = dataclasses.replace(prisoner, name_lines=(name,))
        letter = dataclasses.replace(short_letter, greeting=f"Здравствуйте, Номер{i}!")
        items.append(BatchItem(letter, recipient, writer))
    return items


def test_batch_keeps_order_across_parts(short_letter, prisoner, writer):
    """Five letters in parts of two: order is kept everywhere."""
    items = _items(short_letter, prisoner, writer, 5)
    parts = render_batch(items, "C6", chunk_size=2, invariant=True)
    assert [(p.number, p.start, p.count) for p in parts] == [(1, 0, 2), (2, 2, 2), (3, 4, 1)]
    assert parts[0].filenames == ("letters-001.pdf", "envelopes-001.pdf")
    seen_letters, seen_envelopes = [], []
    for part in parts:
        for i in range(len(reader(part.letters_pdf).pages)):
            seen_letters.append(page_text(part.letters_pdf, i).split("Номер")[1][0])
        for i in range(len(reader(part.envelopes_pdf).pages)):
            seen_envelopes.append(page_text(part.envelopes_pdf, i).split("Номер")[1][0])
    assert seen_letters == seen_envelopes == list("01234")


def test_reply_envelope_follows_its_letters_envelope(short_letter, prisoner, writer):
    me = dataclasses.replace(prisoner, name_lines=("Миронов Сергей Геннадьевич",))
    items = [
        BatchItem(short_letter, prisoner, writer, reply=reply_envelope_job(me, writer)),
        BatchItem(short_letter, prisoner, writer),
    ]
    (part,) = render_batch(items, invariant=True)
    texts = [page_text(part.envelopes_pdf, i) for i in range(3)]
    assert "Миронову" in texts[0] and "Миронов Сергей" in texts[1] and "Миронову" in texts[2]


def test_empty_batch():
    assert render_batch([]) == []
