"""Search keys and transliteration: every common spelling of a name finds the same person."""

from __future__ import annotations

import pytest

from letters.directory.transliteration import cyrillic_candidates, search_key

SAME_KEY = [
    ("Mironov", "Миронов"),
    ("Sergei", "Сергей"),
    ("Sergey", "Сергей"),
    ("Sergej", "Сергей"),
    ("Valery", "Валерий"),
    ("Valeriy", "Валерий"),
    ("Valerii", "Валерий"),
    ("Perov", "Перов"),
    ("Gennadyevich", "Геннадьевич"),
    ("Gennadievich", "Геннадьевич"),
    ("Yuri", "Юрий"),
    ("Iurii", "Юрий"),
    ("Alexei", "Алексей"),
    ("Aleksey", "Алексей"),
    ("Zhukov", "Жуков"),
    ("Shchukin", "Щукин"),
    ("Khodorkovsky", "Ходорковский"),
    ("Kara-Murza", "Кара-Мурза"),
    ("Tsvetkov", "Цветков"),
    ("Tzvetkov", "Цветков"),
    ("Yevgeny", "Евгений"),
    ("Fyodor", "Фёдор"),
    ("Fedor", "Федор"),
    ("MIRONOV", "миронов"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), SAME_KEY)
def test_latin_and_cyrillic_spellings_share_a_key(latin, cyrillic):
    assert search_key(latin) == search_key(cyrillic)


def test_keys_of_different_names_differ():
    assert search_key("Миронов") != search_key("Миронова Ольга")
    assert search_key("Перов") != search_key("Петров")
    assert search_key("Шукин") != search_key("Щукин")


def test_key_of_a_full_name():
    assert search_key("Миронов Сергей Геннадьевич") == "mironov sergei genadevich"
    assert search_key("Sergei Gennadyevich Mironov") == "sergei genadevich mironov"
    assert search_key("  Кара-Мурза ") == "kara murza"


def test_cyrillic_candidates_of_latin_names():
    assert "перов" in cyrillic_candidates("perov")
    assert "валерий" in cyrillic_candidates("valery")
    assert "геннадьевич" in cyrillic_candidates("gennadyevich")
    assert "юрий" in cyrillic_candidates("yuri")
    assert "ходорковский" in cyrillic_candidates("khodorkovsky")
    assert "кара-мурза" in cyrillic_candidates("kara-murza")
    # No spelling a Russian word cannot have.
    assert not any(v.startswith("ь") for v in cyrillic_candidates("yuri"))
    assert "мйронов" not in cyrillic_candidates("mironov")
