"""The cover sheet's postage estimate: Russian Post's dated tariff by weight, kept as data."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from letters.batches.claims import Selection, create_batch
from letters.batches.files import build_files
from letters.batches.postage import TariffError, estimate, load_tariff, parse_tariff
from letters.extensions import db
from tests.batches.conftest import queue_letters

WEIGHTS = {"sheet": 5, "envelope": {"C6": 5}, "envelope_default": 6, "stamp": 0.1}


def test_the_bundled_tariff_is_dated_and_sourced():
    """From 1 January 2026 40.26 ₽ with VAT; 48 ₽ reported from 1 March 2026 (up to 20 g)."""
    tariff = load_tariff()
    january = tariff.period(date(2026, 1, 15))
    march = tariff.period(date(2026, 12, 1))
    assert january.bands == ((20.0, 40.26),) and march.bands == ((20.0, 48.0),)
    assert "РБК" in march.source and march.checked_on == date(2026, 2, 13)


def test_weight_decides_and_a_heavy_letter_is_a_minimum_not_a_guess():
    tariff = load_tariff()
    on = date(2026, 12, 1)
    light = estimate(tariff, [(1, "C6", False), (2, "C6", False)], on)
    assert (light.total, light.at_least) == (96.0, False)  # 10 g and 15 g: two 20 g letters
    # A kit letter: letter and reply sheets, its envelope and the reply envelope: over 20 g,
    # plus the reply stamp.
    kit = estimate(tariff, [(3, "C6", True)], on)
    assert kit.reply_stamps == 1 and kit.over_last_band == 1 and kit.at_least
    assert kit.total == 96.0 and kit.heaviest_grams == pytest.approx(26.1)


def test_a_coordinator_adds_a_period_and_a_band(tmp_path):
    """New prices are a new [[period]] in the file: it applies from its date, by weight."""
    path = tmp_path / "postage.toml"
    path.write_text(
        "[weights]\nsheet = 5.0\nenvelope = { C6 = 5.0 }\nenvelope_default = 6.0\nstamp = 0.1\n"
        '[[period]]\nvalid_from = 2026-03-01\nsource = "РБК"\n'
        "bands = [{ up_to_grams = 20, price = 48 }]\n"
        '[[period]]\nvalid_from = 2027-01-01\nsource = "Почта России, тарифы 2027"\n'
        "bands = [{ up_to_grams = 20, price = 55 }, { up_to_grams = 40, price = 62 }]\n",
        encoding="utf-8",
    )
    tariff = load_tariff(str(path))
    letters = [(1, "C6", False), (3, "C6", True)]
    assert estimate(tariff, letters, date(2026, 12, 31)).total == 48 * 3
    later = estimate(tariff, letters, date(2027, 2, 1))
    assert (later.total, later.at_least) == (55 + 62 + 55, False)


@pytest.mark.parametrize(
    "period",
    [
        {"valid_from": date(2026, 1, 1), "source": "x", "bands": []},
        {"valid_from": date(2026, 1, 1), "bands": [{"up_to_grams": 20, "price": 48}]},
        {"valid_from": "soon", "source": "x", "bands": [{"up_to_grams": 20, "price": 48}]},
    ],
)
def test_a_bad_edit_is_refused_when_loaded(period):
    with pytest.raises(TariffError):
        parse_tariff({"weights": WEIGHTS, "period": [period]})


def test_the_cover_sheet_shows_the_estimate_with_its_source(app, directory):
    with app.app_context():
        queue_letters(2)
        queue_letters(1, reply_kit=True, sender_address="ул. Баумана, 1\n420111 Казань")
        batch = create_batch(db.session, None, Selection())
        cover = build_files(batch).files["cover.pdf"]
    text = PdfReader(io.BytesIO(cover)).pages[0].extract_text()
    assert "Тариф на простое письмо с" in text and "Источник: РБК и РИА Новости" in text
    assert "в том числе марки в наборы для ответа: 1" in text
    # Today's period prices each of the 3 letters and the 1 reply stamp.
    price = load_tariff().period(date.today()).bands[0][1]
    assert f"{4 * price:,.2f}".replace(",", " ").replace(".", ",").removesuffix(",00") in text
