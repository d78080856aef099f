"""Reading 'Political Prisoners. Memorial' pages: the two sample records, field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from letters.directory.published_page import (
    REVIEW_REASONS,
    PublishedPageError,
    parse_published_page,
)

SAMPLE = Path(__file__).resolve().parents[2] / "letters" / "directory" / "sample"
MIRONOV_RU = (
    "403882, Волгоградская область, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2 УФСИН России по "
    "Волгоградской области, Миронову Сергею Геннадьевичу, 1981 г. р. (адрес предположительный)."
)
MIRONOV_EN = (
    "Remand Prison No. 2, Federal Penitentiary Service of Russia for Volgograd Oblast, "
    "38 Rabochaya Street, Kamyshin, Volgograd Oblast, 403882, Russia"
)


def test_mironov_every_field():
    url = "https://example.org/mironov"
    page = parse_published_page((SAMPLE / "mironov.txt").read_text(encoding="utf-8"), url)
    assert page.name_latin == "Sergei Mironov"
    assert page.name_latin_full == "Sergei Gennadyevich Mironov"
    assert (page.surname, page.first_name, page.patronymic) == (
        "Миронов",
        "Сергей",
        "Геннадьевич",
    )
    assert page.full_name == "Миронов Сергей Геннадьевич"
    assert page.dative_name == "Миронову Сергею Геннадьевичу"
    assert page.gender == "m"
    assert page.birth_year == 1981
    assert page.summary == (
        "A man from Kamyshin was given nine years in a penal colony for treason: "
        "he was accused of planning to join the Ukrainian armed forces"
    )
    assert page.address_ru == MIRONOV_RU
    assert page.address_en == MIRONOV_EN
    assert page.presumed is True
    assert page.services == ["zt", "ovd_info", "memorial_france"]
    assert page.needs_review == ["presumed_address"]
    assert page.source_url == url
    assert page.address.to_dict() == {
        "postcode": "403882",
        "country": None,
        "region": "Волгоградская область",
        "district": None,
        "locality": "г. Камышин",
        "street": "ул. Рабочая",
        "house": "38",
        "building": None,
        "facility": "ФКУ СИЗО-2 УФСИН России по Волгоградской области",
        "recipient": "Миронову Сергею Геннадьевичу",
        "birth_year": 1981,
        "presumed": True,
        "unit": None,
        "unplaced": [],
    }
    assert page.address.warnings == []
    assert page.facility == "ФКУ СИЗО-2 УФСИН России по Волгоградской области"
    assert page.status == "remand"
    assert page.writable_via == ["zt", "ovd_info", "memorial_france"]
    assert page.search_key == "mironov sergei genadevich"


def test_perov_every_field():
    page = parse_published_page((SAMPLE / "perov.txt").read_text(encoding="utf-8"))
    assert page.name_latin == "Valery Perov"
    assert page.name_latin_full is None
    # Guessed from the Latin title and checked against the pymorphy3 name dictionary.
    assert (page.surname, page.first_name, page.patronymic) == ("Перов", "Валерий", None)
    assert page.full_name == "Перов Валерий"
    assert page.dative_name == "Перову Валерию"
    assert page.gender == "m"
    assert page.birth_year is None
    assert page.summary == (
        "An electrician from Nizhny Novgorod was given 11 years in a general regime colony for "
        "Telegram posts and messages, on charges of justifying terrorism and collusion with a "
        "foreign organisation"
    )
    assert page.address is None
    assert page.address_ru is None
    assert page.address_en is None
    assert page.presumed is False
    assert page.services == []
    assert page.needs_review == ["name_from_latin", "no_patronymic", "no_address"]
    assert page.source_url is None
    assert page.facility is None
    assert page.status == "unknown"
    # No address: only the forwarding services, which do the addressing themselves.
    assert page.writable_via == ["ovd_info", "memorial_france"]
    assert page.search_key == "perov valeri"


def test_every_review_reason_has_a_message():
    page = parse_published_page((SAMPLE / "perov.txt").read_text(encoding="utf-8"))
    assert all(reason in REVIEW_REASONS for reason in page.needs_review)


def test_mismatches_between_ru_and_en_are_flagged():
    text = (
        "Sergei Mironov is a political prisoner\n"
        "A short summary\n"
        "RU: 603000, Волгоградская обл., г. Камышин, ФКУ СИЗО-2 УФСИН России по Волгоградской "
        "области, Миронову Сергею Геннадьевичу, 1981 г. р.\n"
        "EN: Sergei Gennadyevich Mironov (born 1982), Remand Prison No. 2, Kamyshin, Russia\n"
        "You can write via ФСИН-письмо.\n"
    )
    page = parse_published_page(text)
    assert page.birth_year == 1981
    assert page.presumed is False
    assert page.services == ["fsin_pismo"]
    assert page.needs_review == ["address_warnings", "birth_year_mismatch"]
    assert [w.code for w in page.address.warnings] == ["postcode_region_mismatch"]


def test_latin_and_russian_names_that_disagree_are_flagged():
    text = (
        "Ivan Petrov is a political prisoner\n"
        "A short summary\n"
        "RU: 403882, Волгоградская область, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2 УФСИН "
        "России по Волгоградской области, Миронову Сергею Геннадьевичу, 1981 г. р.\n"
    )
    page = parse_published_page(text)
    assert page.full_name == "Миронов Сергей Геннадьевич"
    assert page.needs_review == ["latin_name_mismatch"]


@pytest.mark.parametrize(
    "text",
    ["", "Dear friend,\nhow are you?", "Political prisoners in Russia\nRU: 403882, г. Камышин"],
)
def test_other_text_is_rejected(text):
    with pytest.raises(PublishedPageError):
        parse_published_page(text)
