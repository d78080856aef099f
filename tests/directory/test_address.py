"""Address parsing: the orders, abbreviations and notes seen in published prison addresses."""

from __future__ import annotations

import re

import pytest

from letters.directory.address import (
    ADDRESS_FIELDS,
    AddressParseError,
    format_envelope_lines,
    parse_address,
)
from letters.directory.postcodes import (
    find_region,
    postcode_matches_region,
    region_for_postcode,
    region_key,
)

MIRONOV = (
    "403882, Волгоградская область, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2 УФСИН России по "
    "Волгоградской области, Миронову Сергею Геннадьевичу, 1981 г. р. (адрес предположительный)."
)
MIRONOV_FACILITY = "ФКУ СИЗО-2 УФСИН России по Волгоградской области"


def test_memorial_order_postcode_first():
    parsed = parse_address(MIRONOV)
    assert parsed.to_dict() == {
        "postcode": "403882",
        "country": None,
        "region": "Волгоградская область",
        "district": None,
        "locality": "г. Камышин",
        "street": "ул. Рабочая",
        "house": "38",
        "building": None,
        "facility": MIRONOV_FACILITY,
        "recipient": "Миронову Сергею Геннадьевичу",
        "birth_year": 1981,
        "presumed": True,
        "unit": None,
        "unplaced": [],
    }
    assert parsed.warnings == []
    assert tuple(parsed.to_dict()) == (*ADDRESS_FIELDS, "unplaced")
    assert parsed.to_dict(include_warnings=True)["warnings"] == []


def test_street_first_postcode_last_with_short_forms():
    parsed = parse_address(
        "ул. Рабочая, д.6, г. Камышин, Волгоградская обл., 403882, "
        "ФКУ СИЗО-2 УФСИН России по Волгоградской области, Миронову Сергею Геннадьевичу 1981 г.р."
    )
    assert (parsed.street, parsed.house, parsed.locality) == ("ул. Рабочая", "6", "г. Камышин")
    assert parsed.region == "Волгоградская обл."
    assert parsed.postcode == "403882"
    assert parsed.birth_year == 1981
    assert parsed.recipient == "Миронову Сергею Геннадьевичу"
    assert parsed.presumed is False
    assert parsed.warnings == []


def test_facility_first_with_unit_street_with_number_and_building():
    parsed = parse_address(
        "ФКУ ИК-2 ГУФСИН России по Свердловской области, 620000, Свердловская обл., "
        "г. Екатеринбург, ул. 10 лет Октября, 5 корп. 2, Иванову Ивану Ивановичу, "
        "1990 года рождения, отряд 5"
    )
    assert parsed.facility == "ФКУ ИК-2 ГУФСИН России по Свердловской области"
    assert parsed.street == "ул. 10 лет Октября"
    assert (parsed.house, parsed.building) == ("5", "корп. 2")
    assert parsed.unit == "отряд 5"
    assert parsed.birth_year == 1990
    assert parsed.recipient == "Иванову Ивану Ивановичу"
    # The unit is not part of the postal address.
    assert not any("отряд" in line for line in parsed.envelope_lines())


def test_country_first_republic_district_settlement():
    parsed = parse_address(
        "Россия, 431120, Республика Мордовия, Зубово-Полянский р-н, пос. Ударный, "
        "ул. Центральная, д. 1, ФКУ ИК-11 УФСИН России по Республике Мордовия, "
        "Сафронову Ивану Ивановичу. 1990 год рождения"
    )
    assert parsed.country == "Россия"
    assert parsed.region == "Республика Мордовия"
    assert parsed.district == "Зубово-Полянский р-н"
    assert parsed.locality == "пос. Ударный"
    assert parsed.facility == "ФКУ ИК-11 УФСИН России по Республике Мордовия"
    assert parsed.recipient == "Сафронову Ивану Ивановичу"
    assert parsed.birth_year == 1990
    assert parsed.warnings == []


def test_address_prefix_autonomous_okrug_and_building():
    parsed = parse_address(
        "Адрес: 628600, Ханты-Мансийский АО — Югра, г. Нижневартовск, ул. Индустриальная, 38, "
        "стр. 1, ФКУ ИК-15 УФСИН России по Ханты-Мансийскому автономному округу — Югре"
    )
    assert parsed.region == "Ханты-Мансийский АО — Югра"
    assert parsed.locality == "г. Нижневартовск"
    assert (parsed.street, parsed.house, parsed.building) == ("ул. Индустриальная", "38", "стр. 1")
    assert parsed.facility.startswith("ФКУ ИК-15 УФСИН России")
    assert parsed.warnings == []


def test_all_caps_and_region_in_another_case():
    parsed = parse_address(
        "АДРЕС: 603950, НИЖЕГОРОДСКАЯ ОБЛ., Г. НИЖНИЙ НОВГОРОД, УЛ. ГОРЬКОГО, Д. 1, "
        "ФКУ СИЗО-1 ГУФСИН РОССИИ ПО НИЖЕГОРОДСКОЙ ОБЛАСТИ, ПЕРОВУ ВАЛЕРИЮ ВАЛЕРЬЕВИЧУ"
    )
    assert parsed.region == "НИЖЕГОРОДСКАЯ ОБЛ."
    assert parsed.locality == "Г. НИЖНИЙ НОВГОРОД"
    assert (parsed.street, parsed.house) == ("УЛ. ГОРЬКОГО", "1")
    assert parsed.facility == "ФКУ СИЗО-1 ГУФСИН РОССИИ ПО НИЖЕГОРОДСКОЙ ОБЛАСТИ"
    assert parsed.recipient == "ПЕРОВУ ВАЛЕРИЮ ВАЛЕРЬЕВИЧУ"
    assert parsed.birth_year is None
    assert parsed.warnings == []


def test_double_spaces_quotes_dashes_and_name_without_patronymic():
    parsed = parse_address(
        "ФКУ  «Тюрьма № 2»  УФСИН России по Владимирской области,  600020,  Владимирская обл.,"
        "  г. Владимир,  ул. Большая Нижегородская,  д. 67,  Кара-Мурзе Владимиру"
    )
    # Kept as written apart from the doubled spaces.
    assert parsed.facility == "ФКУ «Тюрьма № 2» УФСИН России по Владимирской области"
    assert parsed.street == "ул. Большая Нижегородская"
    assert parsed.house == "67"
    assert parsed.recipient == "Кара-Мурзе Владимиру"
    assert parsed.warnings == []


def test_hyphenated_town_krai_village_and_bare_house():
    parsed = parse_address(
        "Пермский край, Чусовской р-н, пос. Половинка, ул. Новая, 2а, "
        "ФКУ ИК-6 ГУФСИН России по Пермскому краю, 618200"
    )
    assert parsed.region == "Пермский край"
    assert parsed.district == "Чусовской р-н"
    assert parsed.locality == "пос. Половинка"
    assert parsed.house == "2а"
    assert parsed.warnings == []

    rostov = parse_address("344022, Ростовская обл., г. Ростов-на-Дону, ул. Максима Горького, 219")
    assert rostov.locality == "г. Ростов-на-Дону"
    assert rostov.house == "219"
    assert [w.code for w in rostov.warnings] == ["no_facility"]


def test_other_facility_kinds_are_recognised():
    for facility in (
        "ФКУ ЛИУ-3 УФСИН России по Республике Мордовия",
        "ФКУ КП-5 ГУФСИН России по Красноярскому краю",
        "ИЦ-1 ФКУ ИК-5 УФСИН России по Тверской области",
        "ФКЛПУ КТБ-17 ГУФСИН России по Красноярскому краю",
        "ФКУ Тюрьма-2 ФСИН России",
    ):
        parsed = parse_address(f"{facility}, 660000, г. Красноярск, ул. Шахтёров, д. 1")
        assert parsed.facility == facility


def test_postcode_not_matching_region_is_a_warning():
    parsed = parse_address("603000, Волгоградская обл., г. Камышин, ФКУ ИК-5")
    codes = [w.code for w in parsed.warnings]
    assert codes == ["postcode_region_mismatch"]
    warning = parsed.warnings[0]
    assert warning.params["postcode_region"] == "Нижегородская область"
    assert "603000" in warning.message("en")
    assert "Волгоградская обл." in warning.message("en")


def test_unknown_region_and_missing_postcode():
    parsed = parse_address("Луна обл., г. Тихий, ФКУ ИК-1")
    assert parsed.region == "Луна обл."
    assert [w.code for w in parsed.warnings] == ["no_postcode"]


def test_unread_part_is_reported_not_dropped_silently():
    parsed = parse_address("403882, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2, 12-15 лет")
    assert [w.code for w in parsed.warnings] == ["unread_part"]
    assert parsed.warnings[0].params == {"part": "12-15 лет"}


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_input_is_an_error(text):
    with pytest.raises(AddressParseError) as info:
        parse_address(text)
    assert info.value.msgid == "The address is empty."


def test_text_without_address_parts_is_an_error():
    with pytest.raises(AddressParseError) as info:
        parse_address("Привет, как дела")
    assert "postcode" in info.value.missing and "facility" in info.value.missing
    assert "Missing: postcode, locality, street, facility" in str(info.value)
    assert info.value.message("en") == str(info.value)


def test_envelope_lines_follow_russian_post_order():
    parsed = parse_address(MIRONOV)
    assert parsed.envelope_lines() == [
        "Миронову Сергею Геннадьевичу,",
        "1981 г. р.",
        MIRONOV_FACILITY,
        "ул. Рабочая, д. 38",
        "г. Камышин",
        "Волгоградская область",
        "403882",
    ]
    assert parsed.envelope_lines(international=True)[-2:] == ["403882", "RUSSIA"]
    lines = format_envelope_lines(
        recipient="Сафронову Ивану Ивановичу",
        birth_year=1990,
        facility="ФКУ ИК-11 УФСИН России по Республике Мордовия",
        street="ул. Центральная",
        house="1",
        building="корп. 2",
        locality="пос. Ударный",
        district="Зубово-Полянский р-н",
        region="Республика Мордовия",
        postcode="431120",
    )
    assert lines == [
        "Сафронову Ивану Ивановичу,",
        "1990 г. р.",
        "ФКУ ИК-11 УФСИН России по Республике Мордовия",
        "ул. Центральная, д. 1, корп. 2",
        "пос. Ударный",
        "Зубово-Полянский р-н",
        "Республика Мордовия",
        "431120",
    ]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Волгоградская обл.", "Волгоградская область"),
        ("Волгоградской области", "Волгоградская область"),
        ("Республики Мордовия", "Республика Мордовия"),
        ("Пермского края", "Пермский край"),
        ("Республика Алтай", "Республика Алтай"),
        ("Алтайский край", "Алтайский край"),
        ("Ханты-Мансийский АО — Югра", "Ханты-Мансийский автономный округ — Югра"),
        ("Чувашская Республика — Чувашия", "Чувашская Республика"),
        ("г. Москва", "Москва и Московская область"),
    ],
)
def test_region_names_are_normalised(written, canonical):
    assert find_region(written).name == canonical


def test_postcode_table():
    assert region_key("Волгоградской обл.") == region_key("Волгоградская область")
    assert region_for_postcode("403882").name == "Волгоградская область"
    assert region_for_postcode("603000").name == "Нижегородская область"
    assert region_for_postcode("190000").name == "Санкт-Петербург и Ленинградская область"
    assert region_for_postcode("12345") is None
    assert postcode_matches_region("403882", "Волгоградской области") is True
    assert postcode_matches_region("603000", "Волгоградская обл.") is False
    assert postcode_matches_region("403882", "Марсианская область") is None


# --- addresses as they are really published (issue 11) ----------------------------------------

MIRONOV_PLACE = (
    "ФКУ СИЗО-2 УФСИН России по Волгоградской области, ул. Рабочая, д. 38, г. Камышин, "
    "Волгоградская обл., 403882"
)


@pytest.mark.parametrize(
    "text",
    [
        # Captions on lines of their own, recipient first…
        f"Кому: Миронову Сергею Геннадьевичу, 1981 г. р.\nКуда: {MIRONOV_PLACE}",
        # …or the place first, as some pages print the form's order the other way round.
        f"Куда: {MIRONOV_PLACE}\nКому: Миронову Сергею Геннадьевичу, 1981 г. р.",
        # Captions on one line, and the caption alone on a line before its text.
        f"Кому: Миронову Сергею Геннадьевичу, 1981 г. р. Куда: {MIRONOV_PLACE}",
        f"Кому:\nМиронову Сергею Геннадьевичу\n1981 г. р.\nАдрес:\n{MIRONOV_PLACE}",
        f"Адрес для писем: {MIRONOV_PLACE}, Миронову Сергею Геннадьевичу, 1981 г. р.",
        f"RU: {MIRONOV_PLACE}, Миронову Сергею Геннадьевичу, 1981 г. р.",
        f"Почтовый адрес: {MIRONOV_PLACE}; кому: Миронову Сергею Геннадьевичу (1981 г. р.)",
    ],
)
def test_captions_in_any_order_and_on_any_line(text):
    parsed = parse_address(text)
    assert parsed.recipient == "Миронову Сергею Геннадьевичу"
    assert parsed.birth_year == 1981
    assert parsed.facility == MIRONOV_FACILITY
    assert (parsed.street, parsed.house) == ("ул. Рабочая", "38")
    assert parsed.locality == "г. Камышин"
    assert parsed.postcode == "403882"
    assert parsed.unplaced == []
    assert parsed.warnings == []


def test_sentences_separated_by_full_stops():
    parsed = parse_address(
        "ФКУ СИЗО-2 УФСИН России по г. Москве. Ул. Энергетическая, д. 3а. Москва, 111020. "
        "Сафронову Ивану Ивановичу. 1990 год рождения."
    )
    assert parsed.facility == "ФКУ СИЗО-2 УФСИН России по г. Москве"
    assert (parsed.street, parsed.house) == ("Ул. Энергетическая", "3а")
    assert parsed.locality == "Москва"
    assert parsed.postcode == "111020"
    assert parsed.recipient == "Сафронову Ивану Ивановичу"
    assert parsed.birth_year == 1990
    assert parsed.unplaced == []


def test_facility_name_with_a_comma_is_kept_whole():
    parsed = parse_address(
        "644000, Омская обл., г. Омск, ул. Лесная, д. 1, ФКУ ИК-6, УФСИН России по Омской "
        "области, Иванову Ивану Ивановичу, 1985 г. р."
    )
    assert parsed.facility == "ФКУ ИК-6, УФСИН России по Омской области"
    assert parsed.recipient == "Иванову Ивану Ивановичу"
    assert parsed.unplaced == []
    assert "ФКУ ИК-6, УФСИН России по Омской области" in parsed.envelope_lines()


def test_settlement_inside_a_town_district_is_the_locality():
    parsed = parse_address(
        "606440, Нижегородская обл., г. Бор, п. Неклюдово, ФКУ ИК-14 ГУФСИН России по "
        "Нижегородской области, Петрову Петру Петровичу, 1979 г. р."
    )
    assert parsed.locality == "п. Неклюдово"
    assert parsed.district == "г. Бор"
    assert parsed.unplaced == []
    lines = parsed.envelope_lines()
    assert lines.index("п. Неклюдово") < lines.index("г. Бор") < lines.index("606440")
    # The same the other way round.
    reverse = parse_address("п. Неклюдово, г. Бор, Нижегородская обл., 606440, ФКУ ИК-14")
    assert (reverse.locality, reverse.district) == ("п. Неклюдово", "г. Бор")


def test_street_less_rural_address():
    parsed = parse_address(
        "431160, Республика Мордовия, Зубово-Полянский р-н, п. Леплей, ст. Потьма, "
        "ФКУ ИК-11 УФСИН России по Республике Мордовия, Сидорову Олегу Ивановичу, 1970 г. р."
    )
    assert parsed.locality == "п. Леплей, ст. Потьма"
    assert parsed.district == "Зубово-Полянский р-н"
    assert parsed.street is None and parsed.house is None
    assert parsed.unplaced == []
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("text", "unplaced"),
    [
        ("403882, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2, 12-15 лет", ["12-15 лет"]),
        # A second part for a place already taken is not dropped either.
        ("403882, г. Камышин, г. Волгоград, ул. Рабочая, д. 38, ФКУ СИЗО-2", ["г. Волгоград"]),
        ("403882, г. Камышин, ул. Рабочая, ул. Садовая, д. 38, ФКУ СИЗО-2", ["ул. Садовая"]),
        (
            "403882, ФКУ СИЗО-2, г. Камышин, ФКУ ИК-5 УФСИН России по Волгоградской области",
            ["ФКУ ИК-5 УФСИН России по Волгоградской области"],
        ),
        ("403882, 400000, г. Камышин, ФКУ СИЗО-2", ["400000"]),
        ("403882, г. Камышин, ФКУ СИЗО-2, корп. 1, корп. 2", ["корп. 2"]),
        (
            "403882, г. Камышин, ФКУ СИЗО-2, Миронову Сергею Геннадьевичу, Петрову Ивану Ивановичу",
            ["Петрову Ивану Ивановичу"],
        ),
    ],
)
def test_no_part_is_dropped_silently(text, unplaced):
    parsed = parse_address(text)
    assert parsed.unplaced == unplaced
    assert parsed.to_dict()["unplaced"] == unplaced
    message = parsed.unplaced_message("en")
    assert all(f"«{part}»" in message for part in unplaced)
    assert "«" in parsed.unplaced_message("ru") and parsed.unplaced_message("ru") != message
    # Every word of the block is either placed or listed as unplaced (the house number's «д.»
    # is a marker, written again on the envelope).
    placed = " ".join(str(v) for v in parsed.to_dict().values() if v)
    for word in text.replace(",", " ").split():
        assert word in placed or word == "д.", word


def test_a_fully_read_address_has_no_unplaced_message():
    assert parse_address(MIRONOV).unplaced_message("en") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Sentences whose full stops follow a short word or a house number.
        (
            "ФКУ ИК-10 ГУФСИН России по Пермскому краю. 618200, Пермский край, г. Чусовой, "
            "ул. Новая, д. 2. Иванову Ивану Ивановичу (1980 г.р.)",
            {"facility": "ФКУ ИК-10 ГУФСИН России по Пермскому краю", "house": "2",
             "recipient": "Иванову Ивану Ивановичу", "birth_year": 1980},
        ),
        # «Индекс:» and «Получатель:» captions.
        (
            "Индекс: 431200, Республика Мордовия, Теньгушевский р-н, п. Барашево, ФКУ ИК-14 "
            "УФСИН России по Республике Мордовия",
            {"postcode": "431200", "locality": "п. Барашево", "district": "Теньгушевский р-н"},
        ),
        # A town inside a federal city: the city is the region.
        (
            "Получатель: Сидоровой Анне Петровне, 1985 г. р. Адрес: 196655, г. Санкт-Петербург, "
            "г. Колпино, ФКУ СИЗО-1 УФСИН России по г. Санкт-Петербургу и Ленинградской области",
            {"region": "г. Санкт-Петербург", "locality": "г. Колпино",
             "recipient": "Сидоровой Анне Петровне", "birth_year": 1985},
        ),
        # The published page's line, verbatim, with its caption.
        (
            "RU: 403882, Волгоградская область, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2 "
            "УФСИН России по Волгоградской области, Миронову Сергею Геннадьевичу, 1981 г. р. "
            "(адрес предположительный).",
            {"facility": MIRONOV_FACILITY, "presumed": True, "birth_year": 1981},
        ),
        # A settlement with «пгт» and a street named after a date.
        (
            "618703, Пермский край, Добрянский район, пгт Полазна, ул. 8 Марта, д. 11, "
            "ФКУ ИК-9 ГУФСИН России по Пермскому краю",
            {"locality": "пгт Полазна", "street": "ул. 8 Марта", "house": "11"},
        ),
    ],
)  # fmt: skip
def test_more_published_shapes(text, expected):
    parsed = parse_address(text)
    assert {key: getattr(parsed, key) for key in expected} == expected
    assert parsed.unplaced == []


def _published_shapes() -> list[dict]:
    import tomllib
    from pathlib import Path

    data = Path(__file__).parent / "data" / "published_address_shapes.toml"
    return tomllib.loads(data.read_text(encoding="utf-8"))["shape"]


@pytest.mark.parametrize("shape", _published_shapes(), ids=lambda shape: shape["what"])
def test_shapes_real_pages_publish(shape):
    """Each shape parses, or holds the words it could not place: never dropped, never glued."""
    parsed = parse_address(shape["text"])
    found = parsed.to_dict()
    assert {name: found[name] for name in shape["expected"]} == shape["expected"]
    assert parsed.unplaced == shape["unplaced"]
    for word in shape["unplaced"]:
        # A held word is not also inside a part that goes on the envelope.
        assert not any(word in str(value) for value in found.values() if isinstance(value, str))
    if "warnings" in shape:
        codes = {w.code for w in parsed.warnings} - {"no_postcode", "no_facility"}
        assert codes == set(shape["warnings"])
    # Nothing of the text is lost: every word is in some part, or held.
    kept = " ".join(str(v) for v in found.values() if v and not isinstance(v, list))
    kept += " " + " ".join(parsed.unplaced)
    for word in re.findall(r"[А-ЯЁа-яё]{4,}", shape["text"]):
        if word.lower() in ("адрес", "года", "рождения", "россия", "российская", "федерация"):
            continue
        assert word in kept or word.lower() in kept.lower(), word
