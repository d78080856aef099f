"""Names in the dative for the envelope, and back to the nominative for the directory."""

from __future__ import annotations

import pytest

from letters.directory.names import IncompleteName, split_full_name, to_dative, to_nominative


@pytest.mark.parametrize(
    ("nominative", "dative", "gender"),
    [
        ("Миронов Сергей Геннадьевич", "Миронову Сергею Геннадьевичу", "m"),
        # The first part of Кара-Мурза is not a surname and does not decline.
        ("Кара-Мурза Владимир Владимирович", "Кара-Мурзе Владимиру Владимировичу", "m"),
        ("Салтыков-Щедрин Михаил Евграфович", "Салтыкову-Щедрину Михаилу Евграфовичу", "m"),
        ("Кузнецова-Петрова Анна Ивановна", "Кузнецовой-Петровой Анне Ивановне", "f"),
        # Indeclinable surnames.
        ("Черных Анна Петровна", "Черных Анне Петровне", "f"),
        ("Долгих Иван Сергеевич", "Долгих Ивану Сергеевичу", "m"),
        ("Шевченко Тарас Григорьевич", "Шевченко Тарасу Григорьевичу", "m"),
        ("Живаго Юрий Андреевич", "Живаго Юрию Андреевичу", "m"),
        ("Церетели Зураб Константинович", "Церетели Зурабу Константиновичу", "m"),
        ("Джапаридзе Нино Георгиевна", "Джапаридзе Нино Георгиевне", "f"),
        ("Гулиа Дмитрий Иосифович", "Гулиа Дмитрию Иосифовичу", "m"),
        # Women's surnames.
        ("Толстая Татьяна Никитична", "Толстой Татьяне Никитичне", "f"),
        ("Миронова Ольга Сергеевна", "Мироновой Ольге Сергеевне", "f"),
        ("Соколовская Ирина Львовна", "Соколовской Ирине Львовне", "f"),
        ("Гуревич Мария Ильинична", "Гуревич Марии Ильиничне", "f"),
        ("Лапшина Любовь Никитична", "Лапшиной Любови Никитичне", "f"),
        # Turkic patronymics stay as written.
        ("Мамедов Рашид Ахмед оглы", "Мамедову Рашиду Ахмед оглы", "m"),
        ("Алиева Лейла Гасан кызы", "Алиевой Лейле Гасан кызы", "f"),
        ("Ильин Лев Ильич", "Ильину Льву Ильичу", "m"),
        ("Ходорковский Михаил Борисович", "Ходорковскому Михаилу Борисовичу", "m"),
        ("МИРОНОВ СЕРГЕЙ ГЕННАДЬЕВИЧ", "МИРОНОВУ СЕРГЕЮ ГЕННАДЬЕВИЧУ", "m"),
        # Names in -ия take -ии, whatever pytrovich knows by heart.
        ("Галиева Асия Ринатовна", "Галиевой Асии Ринатовне", "f"),
        ("Хабибуллина Зульфия Ринатовна", "Хабибуллиной Зульфии Ринатовне", "f"),
        ("Кузнецова Лия Игоревна", "Кузнецовой Лии Игоревне", "f"),
        ("Иванова Мария Петровна", "Ивановой Марии Петровне", "f"),
        ("ГАЛИЕВА АСИЯ РИНАТОВНА", "ГАЛИЕВОЙ АСИИ РИНАТОВНЕ", "f"),
    ],
)
def test_dative_and_back(nominative, dative, gender):
    result = to_dative(nominative)
    assert (result.dative, result.gender, result.confident) == (dative, gender, True)
    back = to_nominative(dative)
    assert (back.nominative, back.gender, back.confident) == (nominative, gender, True)


def test_names_without_patronymic_take_gender_from_the_first_name():
    assert to_dative("Кара-Мурза Владимир").dative == "Кара-Мурзе Владимиру"
    assert to_dative("Перов Валерий") == to_dative("Перов Валерий", "m")
    assert to_dative("Скрипка Анна").dative == "Скрипке Анне"
    assert to_dative("Скрипка Анна").gender == "f"
    # A foreign name: pytrovich's rules still apply to the man; the woman's surname stays.
    assert to_dative("Смит Джон").dative == "Смиту Джону"
    assert to_dative("Смит Мэри", "f").dative == "Смит Мэри"


def test_explicit_gender_wins():
    assert to_dative("Шевчук Саша", "f").dative == "Шевчук Саше"
    assert to_dative("Шевчук Саша", "m").dative == "Шевчуку Саше"


def test_unclear_gender_is_not_confident():
    result = to_dative("Шевчук Саша")
    assert result.gender is None
    assert result.confident is False


def test_nominative_without_patronymic():
    back = to_nominative("Перову Валерию")
    assert (back.surname, back.first_name, back.patronymic) == ("Перов", "Валерий", None)
    assert back.gender == "m"
    assert back.confident is True
    woman = to_nominative("Мироновой Ольге")
    assert (woman.nominative, woman.gender) == ("Миронова Ольга", "f")


def test_nominative_unsure_keeps_published_form_flagged():
    # «Саше» reads as either a man's or a woman's name: the result must not claim confidence.
    back = to_nominative("Петрову Саше")
    assert back.confident is False
    # A page that gives the name in the nominative by mistake: nothing declines back to it,
    # so the published form is kept, and flagged.
    odd = to_nominative("Миронов Сергей Геннадьевич")
    assert odd.nominative == "Миронов Сергей Геннадьевич"
    assert odd.confident is False


def test_split_full_name():
    assert split_full_name("Миронов Сергей Геннадьевич") == ("Миронов", "Сергей", "Геннадьевич")
    assert split_full_name("Мамедов Рашид Ахмед оглы") == ("Мамедов", "Рашид", "Ахмед оглы")
    assert split_full_name("  Перов   Валерий ") == ("Перов", "Валерий", None)
    with pytest.raises(IncompleteName):
        split_full_name("Миронов")
    with pytest.raises(ValueError):
        to_nominative("Миронову")
