"""Printable prisoner cards, read back with pdfplumber: four A6 cards to an A4 sheet."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
from sqlalchemy import select

from letters.directory.models import Prisoner
from letters.extensions import db
from letters.pdf.cards import PrisonerCardText, render_cards_pdf
from tests.directory.test_facilities import IK_2, _directory, _facility_id

A4 = (595.28, 841.89)


def _pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert [(round(p.width, 2), round(p.height, 2)) for p in pdf.pages] == [A4] * len(pdf.pages)
        return [p.extract_text() for p in pdf.pages]


def test_four_cards_to_a_sheet_with_cut_lines_and_every_fact():
    card = PrisonerCardText(
        full_name="Миронов Сергей Геннадьевич",
        envelope_lines=["Миронову Сергею Геннадьевичу, 1981 г. р.", "ФКУ СИЗО-2", "403882"],
        birthday="12.03.1981",
        summary="Житель Камышина, осуждён на девять лет.",
        interests="шахматы, история",
        presumed=True,
    )
    others = [PrisonerCardText(f"Иванов Иван {n}", [], None, None, None, False) for n in range(4)]
    data = render_cards_pdf([card, *others])
    first, second = _pages(data)
    assert "Миронов Сергей Геннадьевич" in first
    assert "Миронову Сергею Геннадьевичу, 1981 г. р." in first
    assert "Родился: 12.03.1981" in first or "Дата рождения: 12.03.1981" in first
    assert "шахматы, история" in first
    assert "предположительный" in first
    assert first.count("Иванов Иван") == 3 and second.count("Иванов Иван") == 1
    assert "Нет почтового адреса" in second
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        # The cut lines: one down the middle, one across.
        vertical = [line for line in page.lines if abs(line["x0"] - A4[0] / 2) < 1]
        horizontal = [line for line in page.lines if abs(line["top"] - A4[1] / 2) < 1]
        assert vertical and horizontal
        # Each card stays inside its own quarter.
        mironov = page.search("Миронов Сергей Геннадьевич")[0]
        assert mironov["x1"] < A4[0] / 2 and mironov["bottom"] < A4[1] / 2


def test_a_long_summary_shrinks_to_fit_its_card():
    long = PrisonerCardText("Петров Пётр", ["Петрову Петру"], None, "Очень длинно. " * 400, None,
                            False)  # fmt: skip
    text = _pages(render_cards_pdf([long, long]))[0]
    assert text.count("Петров Пётр") == 2


def test_cards_from_the_command_line(app, runner, tmp_path):
    ids = _directory(app, tmp_path)
    with app.app_context():
        mironov = db.session.get(Prisoner, ids["Миронов"])
        mironov.birth_date = date(1981, 3, 12)
        mironov.interests = "шахматы"
        db.session.commit()
    ik2 = _facility_id(app, IK_2["facility_name"])

    out = tmp_path / "ik2.pdf"
    result = runner.invoke(args=["cards", "--facility-id", str(ik2), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 card(s)" in result.output
    [page] = _pages(out.read_bytes())
    assert "Сидоров Сергей Геннадьевич" in page and "Орлов" not in page  # released: no card

    out = tmp_path / "volgograd.pdf"
    result = runner.invoke(args=["cards", "--region", "Волгоградская область", "--out", str(out)])
    assert result.exit_code == 0, result.output
    [page] = _pages(out.read_bytes())
    assert "12.03.1981" in page and "шахматы" in page
    assert "Миронову Сергею Геннадьевичу" in page and "Петрову Сергею Геннадьевичу" in page

    for args, message in (
        (["--region", "Марс"], "nobody who can receive post matches"),
        (["--evening", "9"], "no evening with id 9"),
        (["--evening", "1", "--region", "x"], "cannot be combined"),
        (["--facility-id", "abc"], "is not a valid integer"),
    ):
        result = runner.invoke(args=["cards", *args, "--out", str(tmp_path / "x.pdf")])
        assert result.exit_code != 0 and message in result.output, result.output
        assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalars(select(Prisoner)).first() is not None


def test_an_address_the_font_cannot_draw_keeps_every_character_on_the_card():
    card = PrisonerCardText(
        "Миронов Сергей Геннадьевич",
        ["Миронову Сергею Геннадьевичу, 1981 г. р.", "ФКУ СИЗО-2 ★", "403882"],
        None, None, None, False,
    )  # fmt: skip
    text = _pages(render_cards_pdf([card]))[0].replace("\n", " ")
    assert "ФКУ СИЗО-2 [U+2605]" in text
    assert "шрифт" in text  # the card says why the code is there
