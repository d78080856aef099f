"""Search keys and transliteration: every common spelling of a name finds the same person."""

from __future__ import annotations

import pytest

from letters.directory.transliteration import (
    cyrillic_to_latin,
    latin_to_cyrillic_variants,
    search_key,
)

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


def test_canonical_romanisation():
    assert cyrillic_to_latin("Миронов Сергей Геннадьевич") == "Mironov Sergey Gennadyevich"
    assert cyrillic_to_latin("Валерий Перов") == "Valery Perov"
    assert cyrillic_to_latin("Ходорковский") == "Khodorkovsky"
    assert cyrillic_to_latin("Щукин, Цветков, Юрий") == "Shchukin, Tsvetkov, Yury"
    assert cyrillic_to_latin("Кара-Мурза") == "Kara-Murza"
    assert cyrillic_to_latin("Евгений Фёдорович") == "Yevgeny Fyodorovich"
    assert cyrillic_to_latin("ИК-2") == "IK-2"


def test_cyrillic_variants_of_latin_names():
    assert "перов" in latin_to_cyrillic_variants("Perov")
    assert "валерий" in latin_to_cyrillic_variants("Valery")
    assert "геннадьевич" in latin_to_cyrillic_variants("Gennadyevich")
    assert "юрий" in latin_to_cyrillic_variants("Yuri")
    assert "ходорковский" in latin_to_cyrillic_variants("Khodorkovsky")
    assert "кара-мурза" in latin_to_cyrillic_variants("Kara-Murza")
    assert "валерий перов" in latin_to_cyrillic_variants("Valery Perov")
    # No spelling a Russian word cannot have.
    assert not any(v.startswith("ь") for v in latin_to_cyrillic_variants("Yuri"))
    assert "мйронов" not in latin_to_cyrillic_variants("Mironov")
    assert latin_to_cyrillic_variants("Миронов") == {"миронов"}
    assert latin_to_cyrillic_variants("   ") == set()
