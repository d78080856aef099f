"""Envelopes read back from the PDF: sizes, zones, text, fonts, wrapping and layout errors."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from letters.pdf import (
    Address,
    EnvelopeJob,
    LayoutError,
    render_envelopes_pdf,
    reply_envelope_job,
)
from letters.pdf.errors import BLOCK_RECIPIENT, BLOCK_SENDER, UnprintableAddress
from letters.pdf.labels import render_labels_pdf
from letters.pdf.layout import ENVELOPES

from .conftest import MM, page_text, plumber, reader


def _chars_in(page, box, height):
    """Characters whose glyph box lies inside ``box`` (layout mm, origin bottom-left)."""
    x0, x1 = box.x * MM - 0.5, box.right * MM + 0.5
    top, bottom = height - box.top * MM - 0.5, height - box.y * MM + 0.5
    return [
        c
        for c in page.chars
        if x0 <= c["x0"] and c["x1"] <= x1 and top <= c["top"] and c["bottom"] <= bottom
    ]


def _text(chars) -> str:
    return "".join(c["text"] for c in chars)


def _words_text(page, box, height) -> str:
    return " ".join(
        w["text"]
        for w in page.extract_words()
        if box.x * MM - 1 <= w["x0"]
        and w["x1"] <= box.right * MM + 1
        and height - box.top * MM - 1 <= w["top"]
        and w["bottom"] <= height - box.y * MM + 1
    )


@pytest.mark.parametrize("fmt", ["C6", "DL", "C5", "C4"])
def test_page_size_is_the_envelope(fmt, prisoner, writer):
    """Each format is a landscape page of its ГОСТ size, within 0.5 mm."""
    pdf = render_envelopes_pdf([(prisoner, writer)], fmt, invariant=True)
    box = reader(pdf).pages[0].mediabox
    env = ENVELOPES[fmt]
    assert abs(float(box.width) / MM - env.width) < 0.5
    assert abs(float(box.height) / MM - env.height) < 0.5


@pytest.mark.parametrize("fmt", ["C6", "DL", "C5", "C4"])
def test_blocks_are_in_their_zones(fmt, prisoner, writer):
    """Recipient text lower right, sender upper left; nothing of it elsewhere."""
    env = ENVELOPES[fmt]
    pdf = render_envelopes_pdf([(prisoner, writer)], fmt, invariant=True)
    with plumber(pdf) as doc:
        page = doc.pages[0]
        h = float(page.height)
        recipient = _words_text(page, env.recipient, h)
        sender = _words_text(page, env.sender, h)
        for part in (
            "Миронову",
            "1981 г. р.",
            "ФКУ СИЗО-2",
            "Волгоградской",
            "Рабочая, д. 38",
            "г. Камышин",
            "Волгоградская область",
            "403882",
            "Кому",
            "Куда",
        ):
            assert part in recipient
        for part in (
            "Ивановой Анны Петровны",
            "Ленина",
            "Екатеринбург",
            "620014",
            "От кого",
            "Откуда",
        ):
            assert part in sender
        assert "Миронову" not in sender and "Ивановой" not in recipient
        # Upper left / lower right in absolute terms too.
        names = [w for w in page.extract_words() if w["text"] in ("Миронову", "Ивановой")]
        to = next(w for w in names if w["text"] == "Миронову")
        frm = next(w for w in names if w["text"] == "Ивановой")
        assert to["x0"] > float(page.width) / 3 and to["top"] > h / 2
        assert frm["x0"] < float(page.width) / 4 and frm["top"] < h / 3


def test_russian_post_line_order(prisoner, writer):
    """Facility, street, locality, region, postcode — top to bottom."""
    text = page_text(render_envelopes_pdf([(prisoner, writer)], "DL", invariant=True))
    order = [
        "Миронову",
        "1981 г. р.",
        "ФКУ СИЗО-2",
        "ул. Рабочая",
        "г. Камышин",
        "Волгоградская область",
        "403882",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "RUSSIA" not in text


def test_from_abroad_adds_russia_last(prisoner, writer_abroad):
    """Recipient stays in Russian with RUSSIA as its last line; sender may be Latin."""
    pdf = render_envelopes_pdf([(prisoner, writer_abroad)], "DL", from_abroad=True, invariant=True)
    env = ENVELOPES["DL"]
    with plumber(pdf) as doc:
        page = doc.pages[0]
        lines = page.extract_text_lines()
        h = float(page.height)
        in_recipient = [
            ln["text"]
            for ln in lines
            if ln["x0"] >= env.recipient.x * MM - 15 * MM and ln["top"] > h - env.recipient.top * MM
        ]
        assert in_recipient[-1] == "RUSSIA"
        text = page.extract_text()
    assert "Anna Ivanova" in text and "Musterstraße 12" in text and "GERMANY" in text
    assert "ФКУ СИЗО-2 УФСИН России по Волгоградской области" in text.replace("\n", " ")


def test_reply_envelope_swaps_roles(prisoner, writer):
    """The reply goes to the writer, from the prisoner, with the writer's stencil."""
    me = dataclasses.replace(prisoner, name_lines=("Миронов Сергей Геннадьевич, 1981 г. р.",))
    job = reply_envelope_job(me, writer)
    assert job == EnvelopeJob(writer, me, reply=True)
    env = ENVELOPES["C6"]
    with plumber(render_envelopes_pdf([job], "C6", invariant=True)) as doc:
        page = doc.pages[0]
        h = float(page.height)
        assert "Ивановой" in _words_text(page, env.recipient, h)
        assert "Миронов" in _words_text(page, env.sender, h)


def test_reply_to_an_organisation(prisoner, writer):
    org = Address(("ООО «Письма»",), "", "а/я 15", "г. Москва", "", "", "101000")
    job = reply_envelope_job(prisoner, writer, reply_to=org)
    assert job.recipient == org


def test_only_embedded_fonts_are_used(prisoner, writer):
    """Every font in the PDF is an embedded TrueType subset (FontFile2), no base-14 fonts."""
    pdf = render_envelopes_pdf([(prisoner, writer)], "C6", invariant=True)
    fonts = {}
    for page in reader(pdf).pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    assert fonts
    for font in fonts.values():
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
        assert font["/BaseFont"].startswith("/AAAAA")  # subset prefix
        assert font["/Subtype"] == "/TrueType"


def test_long_facility_wraps_inside_the_block(prisoner, writer):
    """A long facility name wraps within the recipient zone, away from stencil and stamp."""
    long = Address(
        name_lines=prisoner.name_lines,
        facility=(
            "Федеральное казённое учреждение «Лечебное исправительное учреждение № 10» "
            "Главного управления Федеральной службы исполнения наказаний "
            "по Красноярскому краю"
        ),
        street_line="ул. Промышленная, д. 1",
        locality="г. Красноярск",
        region="Красноярский край",
        postcode="660000",
    )
    env = ENVELOPES["C6"]
    pdf = render_envelopes_pdf([(long, writer)], "C6", invariant=True)
    with plumber(pdf) as doc:
        page = doc.pages[0]
        h = float(page.height)
        inside = _chars_in(page, env.recipient, h)
        assert "Главногоуправления" in _text(inside).replace(" ", "")
        assert not [c for c in _chars_in(page, env.stencil, h) if c["text"].strip()]
        in_stamp = _text(_chars_in(page, env.stamp, h)).replace(" ", "")
        assert in_stamp == "Местодлямарки"  # only the field's own caption
        words = [w for w in page.extract_words() if w["text"] in ("Федеральное", "Красноярскому")]
        assert len({round(w["top"]) for w in words}) == 2  # wrapped onto several lines


def test_overlong_address_raises_layout_error(prisoner, writer):
    """When even the smallest type does not fit: a clear LayoutError, never overflow into the
    keep-clear strips."""
    huge = Address(
        name_lines=prisoner.name_lines,
        facility=" ".join(["Очень длинное название учреждения"] * 25),
        street_line=prisoner.street_line,
        locality=prisoner.locality,
        region=prisoner.region,
        postcode=prisoner.postcode,
    )
    with pytest.raises(LayoutError) as info:
        render_envelopes_pdf([(huge, writer)], "C6")
    assert info.value.format == "C6"
    assert "smallest type" in info.value.message("en")
    assert "recipient's address" in str(info.value)
    assert "C6" in info.value.message("en")


def test_unbreakable_word_raises_layout_error(prisoner, writer):
    """A single word wider than the block cannot be wrapped: LayoutError too."""
    bad = Address(
        prisoner.name_lines,
        "Я" * 80,
        prisoner.street_line,
        prisoner.locality,
        "",
        prisoner.region,
        prisoner.postcode,
    )
    with pytest.raises(LayoutError):
        render_envelopes_pdf([(bad, writer)], "C6")


def test_shrinks_before_giving_up(prisoner, writer):
    """A block slightly too big for the default size is set smaller, not rejected."""
    longer = Address(
        prisoner.name_lines,
        prisoner.facility + " (корпус 2, отряд 5, блок Б)",
        prisoner.street_line,
        prisoner.locality,
        "Камышинский район",
        prisoner.region,
        prisoner.postcode,
    )
    pdf = render_envelopes_pdf([(longer, writer)], "C6", invariant=True)
    with plumber(pdf) as doc:
        sizes = {round(c["size"], 1) for c in doc.pages[0].chars if c["text"] == "К"}
    assert min(sizes) < ENVELOPES["C6"].font_size


def test_unsupported_characters_on_envelope(prisoner, writer):
    emoji = dataclasses.replace(prisoner, name_lines=("Миронову Сергею 🌻",))
    with pytest.raises(UnprintableAddress) as raised:
        render_envelopes_pdf([(emoji, writer)], "C6")
    assert (raised.value.block, raised.value.part, raised.value.chars) == (
        BLOCK_RECIPIENT,
        "name",
        ["🌻"],
    )
    assert raised.value.message("ru") == (
        "Адрес получателя нельзя напечатать как есть: в части «имя» есть 🌻 (U+1F33B), "
        "а шрифт конверта не может это нарисовать. Исправьте эту часть адреса."
    )


@pytest.mark.parametrize("output", ["envelope", "labels"])
def test_an_address_never_loses_a_character(prisoner, writer, output):
    """No output drops what the font lacks from an address: the part is named instead."""
    starred = dataclasses.replace(writer, facility="", street_line="ул. Ленина, д. 5 ★")
    with pytest.raises(UnprintableAddress) as raised:
        if output == "envelope":
            render_envelopes_pdf([(prisoner, starred)], "DL")
        else:
            render_labels_pdf([starred], "L7163")
    block = BLOCK_SENDER if output == "envelope" else BLOCK_RECIPIENT
    assert (raised.value.block, raised.value.part) == (block, "street and house")
    assert "★ (U+2605)" in raised.value.message("en")


def test_several_envelopes_one_per_page(prisoner, writer):
    pdf = render_envelopes_pdf([(prisoner, writer), (writer, prisoner)], "DL", invariant=True)
    assert len(reader(pdf).pages) == 2


def test_invariant_output_is_identical(prisoner, writer):
    a = render_envelopes_pdf([(prisoner, writer)], "C5", invariant=True)
    b = render_envelopes_pdf([(prisoner, writer)], "C5", invariant=True)
    assert a == b


def test_blank_sender_keeps_captions_and_rules_to_write_by_hand(prisoner):
    """A writer who gives no name or address gets the sender block to fill in by hand."""
    env = ENVELOPES["C6"]
    pdf = render_envelopes_pdf([(prisoner, Address(name_lines=()))], "C6", invariant=True)
    with plumber(pdf) as doc:
        page = doc.pages[0]
        sender = _words_text(page, env.sender, float(page.height))
        assert "От кого" in sender and "Откуда" in sender
        box = env.sender
        rules = [
            line for line in page.lines
            if line["y0"] == line["y1"]  # horizontal
            and box.y * MM <= line["y0"] <= box.top * MM
            and box.x * MM <= line["x0"] <= (box.x + box.w) * MM
        ]  # fmt: skip
        assert len(rules) == 4  # one for the name, three for the address
        # Spaced for handwriting, not for print: 8 mm in the «Откуда» lines, room permitting.
        heights = sorted((line["y0"] for line in rules), reverse=True)
        pitches = [(a - b) / MM for a, b in itertools.pairwise(heights[1:])]
        assert pitches == pytest.approx([8.0, 8.0], abs=0.05)
        assert heights[-1] >= box.y * MM  # all inside the block


def test_blank_lines_close_up_to_fit_a_small_block(prisoner):
    """Where 8 mm lines would not fit, blank lines keep the room there is, no less than print."""
    pdf = render_envelopes_pdf([(prisoner, Address(name_lines=()))], "DL", invariant=True)
    box = ENVELOPES["DL"].sender
    with plumber(pdf) as doc:
        rules = sorted(
            (line["y0"] for line in doc.pages[0].lines
             if line["y0"] == line["y1"] and box.x * MM <= line["x0"] <= (box.x + box.w) * MM
             and box.y * MM <= line["y0"] <= box.top * MM),
            reverse=True,
        )  # fmt: skip
    assert len(rules) == 4
    pitch = (rules[1] - rules[-1]) / 2 / MM
    assert 4.0 < pitch <= 8.0
