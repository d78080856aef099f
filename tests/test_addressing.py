"""Whether a letter goes from abroad is decided per letter, from the sender's own address."""

from __future__ import annotations

import pytest

from letters.addressing import sender_address
from letters.directory.address import parse_address, parse_sender


def sender_origin(address, **options):
    return parse_sender(None, address, **options)


@pytest.mark.parametrize(
    ("address", "country"),
    [
        ("Musterstraße 12\n10115 Berlin\nGermany", "GERMANY"),
        ("050000 Almaty / Kazakhstan", "KAZAKHSTAN"),
        ("ул. Абая, 10\n050000 Алматы\nКазахстан", "КАЗАХСТАН"),  # Cyrillic, six digits
        ("Грузия\nТбилиси, ул. Руставели, 5", "ГРУЗИЯ"),  # the country first
        ("12 rue de la Paix, 75002 Paris, France", "FRANCE"),
        ("ul. Marszałkowska 1\n00-950 Warszawa\nPolska", "POLSKA"),
        ("10 Downing Street\nLondon SW1A 2AA", ""),  # Latin letters and a UK postcode
        ("Musterstraße 12\n10115 Berlin", ""),  # no country named: abroad all the same
        ("Drottninggatan 1\n111 51 Stockholm", ""),
    ],
)
def test_abroad_from_a_country_line_a_foreign_postcode_or_latin_letters(address, country):
    origin = sender_origin(address)
    assert origin.abroad is True
    assert origin.country == country
    # The country's line is printed once, in capitals, apart from the address.
    assert all(country not in line.upper() for line in origin.lines if country)


@pytest.mark.parametrize(
    "address",
    [
        "170000, г. Тверь",
        "ул. Ленина, д. 5, кв. 12\nг. Екатеринбург\n620014",
        "Россия, 420111, г. Казань, ул. Баумана, д. 1",
        "ул. Баумана, 1\n420111 Казань\nРоссия",
        "ul. Lenina 5, Tver 170000, Russia",  # a Russian address in Latin letters, Russia named
        "",
        None,
    ],
)
def test_russian_addresses_stay_domestic(address):
    origin = sender_origin(address)
    assert origin.abroad is False
    assert origin.country == ""


def test_the_flag_overrides_but_never_makes_a_town_a_country():
    origin = sender_origin("170000, г. Тверь", from_abroad=True)
    assert origin.abroad is True and origin.country == ""
    block = sender_address(parse_sender("Анна", "170000, г. Тверь", from_abroad=True))
    assert block.country == "" and "г. Тверь" in block.locality


def test_almaty_postcode_is_not_a_russian_postcode():
    block = sender_address(parse_sender("Anna", "050000 Almaty / Kazakhstan"))
    assert block.postcode == ""  # no stencil: it is not a Russian postcode
    assert block.country == "KAZAKHSTAN"
    assert block.locality == "050000 Almaty"
    domestic = sender_address(parse_sender("Анна", "ул. Ленина, 5\n170000, г. Тверь"))
    assert (domestic.postcode, domestic.country) == ("170000", "")


def test_a_country_typed_in_the_form_names_it():
    origin = sender_origin("Musterstraße 12\n10115 Berlin", country="Germany", from_abroad=True)
    assert (origin.abroad, origin.country) == (True, "GERMANY")
    # «Россия» in the country field is no reason to treat a Russian address as foreign.
    assert sender_origin("170000, г. Тверь", country="Россия").abroad is False


@pytest.mark.parametrize(
    "caption", ["Кому:", "Куда:", "Адрес:", "Почтовый адрес:", "От кого:", "Обратный адрес:"]
)
def test_one_reader_of_captions_for_a_facility_pasted_and_a_writer_typed(caption):
    facility = parse_address(f"{caption} 170100, г. Тверь, ул. Ленина, д. 5, ФКУ СИЗО-1")
    assert facility.unplaced == [] and facility.postcode == "170100"
    sender = parse_sender(f"{caption} Петрова Анна", f"{caption} 170100, г. Тверь, ул. Ленина, 5")
    assert sender.name == "Петрова Анна"
    assert sender.lines == ("г. Тверь, ул. Ленина, 5",) and sender.postcode == "170100"
