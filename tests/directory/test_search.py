"""Search: Cyrillic or Latin, case and ё/е ignored, typos tolerated, exact surnames first."""

from __future__ import annotations

from datetime import date

import pytest

from letters.directory.models import PrisonerStatus
from letters.directory.records import FacilityRecord, PrisonerRecord
from letters.directory.search import Filters, days_until_birthday, search_prisoners
from letters.directory.store import upsert_prisoner
from letters.extensions import db

TODAY = date(2026, 11, 21)
VOLGOGRAD = FacilityRecord(
    name="ФКУ СИЗО-2 УФСИН России по Волгоградской области", kind="sizo",
    region="Волгоградская область", postcode="403882",
)  # fmt: skip
NIZHNY = FacilityRecord(
    name="ФКУ ИК-2 ГУФСИН России по Нижегородской области", kind="ik",
    region="Нижегородская область", postcode="606019",
)  # fmt: skip

PEOPLE = [
    ("Миронов", "Сергей", "Геннадьевич", 1981, VOLGOGRAD, "remand", None),
    ("Миронова", "Анна", "Сергеевна", 1990, NIZHNY, "colony", date(1990, 11, 25)),
    ("Сергеев", "Пётр", "Иванович", 1975, NIZHNY, "colony", date(1975, 12, 30)),
    ("Перов", "Валерий", None, None, None, "unknown", None),
    ("Жуков", "Алексей", "Юрьевич", 1988, VOLGOGRAD, "colony", date(1988, 11, 21)),
    ("Кара-Мурза", "Владимир", "Владимирович", 1981, NIZHNY, "colony", None),
]


@pytest.fixture
def directory(app):
    with app.app_context():
        for surname, first, patronymic, year, facility, status, birth_date in PEOPLE:
            upsert_prisoner(
                db.session,
                PrisonerRecord(
                    surname=surname, first_name=first, patronymic=patronymic,
                    dative_name=f"{surname}у", birth_year=year, facility=facility,
                    status=status, birth_date=birth_date,
                ),
            )  # fmt: skip
        db.session.commit()
    return app


def names(app, query: str, filters: Filters | None = None) -> list[str]:
    with app.app_context():
        found = search_prisoners(db.session, query, filters, today=TODAY)
        return [f"{p.surname} {p.first_name}" for p in found]


@pytest.mark.parametrize(
    "query", ["Миронов", "миронов", "МИРОНОВ", "Mironov", "mironov", "Mironow", "Миронв"]
)
def test_surname_in_any_script_case_or_with_a_typo(directory, query):
    assert names(directory, query)[0] == "Миронов Сергей"


@pytest.mark.parametrize(
    "query",
    ["Sergei Mironov", "Sergey Mironov", "Sergej Mironov", "Mironov Sergei", "Сергей Миронов"],
)
def test_first_name_spellings_and_order(directory, query):
    assert names(directory, query) == ["Миронов Сергей"]


def test_exact_surname_ranks_before_prefix_and_first_name_matches(directory):
    # «Сергеев» is an exact surname; «Сергей» (first name) and «Сергеевна» only partly match.
    assert names(directory, "Сергеев")[0] == "Сергеев Пётр"
    assert names(directory, "Миронов")[:2] == ["Миронов Сергей", "Миронова Анна"]


def test_ё_and_е_are_the_same_letter(directory):
    assert names(directory, "Петр Сергеев") == ["Сергеев Пётр"]
    assert names(directory, "Pyotr") == ["Сергеев Пётр"]


def test_hyphenated_surname(directory):
    assert names(directory, "Kara-Murza") == ["Кара-Мурза Владимир"]
    assert names(directory, "кара мурза") == ["Кара-Мурза Владимир"]


def test_nothing_found_is_an_empty_list(directory):
    assert names(directory, "Zzyzx") == []


def test_filters(directory):
    assert names(directory, "", Filters(region="Волгоградская область")) == [
        "Жуков Алексей", "Миронов Сергей"
    ]  # fmt: skip
    assert names(directory, "Миронов", Filters(status=PrisonerStatus.COLONY)) == ["Миронова Анна"]
    # Birthdays within a week of 21 November: today's and the 25th, not 30 December.
    assert sorted(names(directory, "", Filters(birthday_within_days=7))) == [
        "Жуков Алексей", "Миронова Анна"
    ]  # fmt: skip


def test_index_sees_changes_made_after_it_was_built(directory):
    assert names(directory, "Навальный") == []
    with directory.app_context():
        upsert_prisoner(
            db.session,
            PrisonerRecord(surname="Навальный", first_name="Олег", dative_name="Навальному Олегу"),
        )
        db.session.commit()
    assert names(directory, "Navalny") == ["Навальный Олег"]


@pytest.mark.parametrize(
    ("birthday", "expected"),
    [((11, 21), 0), ((11, 22), 1), ((11, 20), 364), ((2, 29), 100)],
)
def test_days_until_birthday(birthday, expected):
    assert days_until_birthday(birthday, TODAY) == expected


def test_weak_fuzzy_matches_are_dropped_when_strong_ones_exist(directory):
    with directory.app_context():
        upsert_prisoner(
            db.session,
            PrisonerRecord(
                surname="Смирнова", first_name="Ольга", patronymic=None,
                dative_name="Смирновой Ольге", birth_year=1985, facility=NIZHNY, status="colony",
            ),
        )  # fmt: skip
        db.session.commit()
    assert names(directory, "Mironov") == ["Миронов Сергей", "Миронова Анна"]
    assert names(directory, "Smirnova") == ["Смирнова Ольга"]
    # With no strong match, the typo tolerance still helps.
    assert names(directory, "Mironow")[0] == "Миронов Сергей"


# Issue 23: every word of what people type must match something of the person.
MOSCOW_SIZO, SEGEZHA, KARELIA_17, KAMYSHIN, SPALERNAYA = (
    FacilityRecord(
        name=name, kind=kind, region=region, postcode=postcode, locality=town, street=street,
        house=house,
    )
    for name, kind, region, postcode, town, street, house in (
        ("ФКУ СИЗО-1 УФСИН России по г. Москве", "sizo", None, "107076", "г. Москва",
         "ул. Матросская Тишина", "18"),
        ("ФКУ ИК-7 УФСИН России по Республике Карелия", "ik", "Республика Карелия", "186420",
         "г. Сегежа", "ул. Заводская", "5"),
        ("ФКУ ИК-17 УФСИН России по Республике Карелия", "ik", "Республика Карелия", "186200",
         "г. Медвежьегорск", None, None),
        ("ФКУ ИК-5 УФСИН России по Волгоградской области", "ik", "Волгоградская область",
         "403874", "г. Камышин", "ул. Ленина", "1"),
        ("ФКУ СИЗО-5 ФСИН России", "sizo", None, "191123", "г. Санкт-Петербург",
         "ул. Шпалерная", "25"),
    )
)  # fmt: skip
PLACES = [
    ("Орлов", "Олег", 1999, MOSCOW_SIZO),
    ("Белов", "Борис", 1970, SEGEZHA),
    ("Титов", "Тимур", 1999, KARELIA_17),
    ("Зуев", "Захар", 1985, KAMYSHIN),
    ("Фомин", "Фёдор", 1960, SPALERNAYA),
]


@pytest.fixture
def places(directory):
    with directory.app_context():
        for surname, first, year, facility in PLACES:
            upsert_prisoner(
                db.session,
                PrisonerRecord(
                    surname=surname, first_name=first, dative_name=f"{surname}у",
                    birth_year=year, facility=facility, status="remand",
                ),
            )  # fmt: skip
        db.session.commit()
    return directory


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kamyshin", ["Зуев Захар"]),
        ("Камышин", ["Зуев Захар"]),
        ("Moscow", ["Орлов Олег"]),
        ("St Petersburg", ["Фомин Фёдор"]),
        ("Saint Petersburg", ["Фомин Фёдор"]),
        ("Санкт-Петербург", ["Фомин Фёдор"]),
        ("Segezha", ["Белов Борис"]),
        ("IK-7", ["Белов Борис"]),
        ("ИК-7", ["Белов Борис"]),
        ("ИК 7", ["Белов Борис"]),
        ("ik7", ["Белов Борис"]),
        ("СИЗО 1", ["Орлов Олег"]),
        ("СИЗО-1 Москва", ["Орлов Олег"]),
        ("ИК-7 Карелия", ["Белов Борис"]),
        ("Матросская Тишина", ["Орлов Олег"]),
        ("Matrosskaya Tishina", ["Орлов Олег"]),
        ("Карелия Титов", ["Титов Тимур"]),
        ("Orlov Moskva", ["Орлов Олег"]),
        ("186420", ["Белов Борис"]),
    ],
)
def test_places_in_either_script_and_any_spelling(places, query, expected):
    assert names(places, query) == expected


def test_a_region_is_found_by_its_town(places):
    # «Волгоград» for Волгоградская область: Миронов, Жуков (СИЗО-2) and Зуев (ИК-5).
    assert sorted(names(places, "Волгоград")) == ["Жуков Алексей", "Зуев Захар", "Миронов Сергей"]
    assert sorted(names(places, "Volgograd")) == ["Жуков Алексей", "Зуев Захар", "Миронов Сергей"]


def test_every_word_must_match(places):
    assert names(places, "Миронов Карелия") == []
    assert names(places, "СИЗО-1 Карелия") == []
    # A typo in a place is tolerated, as in a name.
    assert names(places, "Kamyshyn") == ["Зуев Захар"]


def test_a_number_is_a_year_or_a_facility_never_everyone(places):
    assert sorted(names(places, "1999")) == ["Орлов Олег", "Титов Тимур"]
    assert names(places, "2003") == []
    assert names(places, "ИК-1") == []  # not ИК-17
    assert names(places, "!!") == []


def test_the_name_ranks_before_the_place(places):
    with places.app_context():
        upsert_prisoner(
            db.session,
            PrisonerRecord(
                surname="Сегежин", first_name="Ян", dative_name="Сегежину Яну",
                birth_year=1990, facility=KARELIA_17, status="remand",
            ),
        )  # fmt: skip
        db.session.commit()
    assert names(places, "Сегежин")[0] == "Сегежин Ян"
    assert names(places, "Segezha")[0] == "Белов Борис"


@pytest.mark.parametrize("path", ["/prisoners", "/coordinate/"])
def test_the_search_box_says_what_it_searches(client, coordinator, auth, path):
    auth.login(coordinator.email)
    page = client.get(path, headers={"Accept-Language": "en"}).text
    assert "Name, town or facility" in page
    assert "the facility and its number, town, district, region and street" in page


def test_any_query_text_is_answered(app):
    """Whatever is typed (signs, digits, other scripts, a code glued to a word), never an error."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from letters.directory.search import SearchIndex

    index = SearchIndex.build(
        [(1, "Белов", "belov boris", "Республика Карелия", 7, PrisonerStatus.REMAND, None, 1970)],
        [(7, "ФКУ ИК-7 УФСИН России по Республике Карелия", "г. Сегежа", None,
          "Республика Карелия", "ул. Заводская", "186420", None, None)],
    )  # fmt: skip
    alphabet = st.sampled_from("ИКСИЗОik-– 07№#,.ёЁ(«»)\u00a0 1999 Сегежа Belov\u0301")

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet, max_size=30) | st.text(max_size=30))
    def answered(query):
        found = index.search(query, Filters(), TODAY)
        assert found in ([], [1])

    answered()
    assert index.search("ИК№7 Сегежа", Filters(), TODAY) == [1]
