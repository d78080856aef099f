"""``letters address parse`` and ``letters name dative`` on the command line."""

from __future__ import annotations

import json

import pytest

MEMORIAL = (
    "403882, Волгоградская область, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2 УФСИН России "
    "по Волгоградской области, Миронову Сергею Геннадьевичу, 1981 г. р. (адрес предположительный)."
)
KEYS = ["postcode", "country", "region", "district", "locality", "street", "house", "building",
        "facility", "recipient", "birth_year", "presumed", "unit", "unplaced"]  # fmt: skip


def test_address_parse_prints_one_json_object_with_every_key(runner):
    result = runner.invoke(args=["address", "parse", MEMORIAL, "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == KEYS
    assert data["postcode"] == "403882"
    assert data["facility"] == "ФКУ СИЗО-2 УФСИН России по Волгоградской области"
    assert data["recipient"] == "Миронову Сергею Геннадьевичу"
    assert data["birth_year"] == 1981
    assert data["presumed"] is True
    assert data["district"] is None
    assert data["unplaced"] == []


def test_address_parse_lists_the_words_not_understood_and_exits_1(runner):
    text = "403882, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2, 12-15 лет"
    result = runner.invoke(args=["address", "parse", text, "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["unplaced"] == ["12-15 лет"]
    assert "not understood: «12-15 лет»" in result.stderr
    plain = runner.invoke(args=["address", "parse", text])
    assert plain.exit_code == 1
    assert "unplaced: 12-15 лет" in plain.stdout


def test_address_parse_warns_about_a_postcode_of_another_region(runner):
    text = "101000, Волгоградская область, г. Камышин, ул. Рабочая, д. 38"
    result = runner.invoke(args=["address", "parse", text, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["postcode"] == "101000"
    assert "warning:" in result.stderr


@pytest.mark.parametrize("text", ["", "   ", "спасибо за письмо"])
def test_address_parse_unreadable_input_is_exit_2_without_traceback(runner, text):
    result = runner.invoke(args=["address", "parse", text, "--json"])
    assert result.exit_code == 2
    assert result.stderr.startswith("letters: cannot read this address:")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "gender", "dative"),
    [
        ("Кара-Мурза Владимир Владимирович", "m", "Кара-Мурзе Владимиру Владимировичу"),
        ("Миронова Анна Сергеевна", "f", "Мироновой Анне Сергеевне"),
        ("Шевченко Тарас Григорьевич", "m", "Шевченко Тарасу Григорьевичу"),
        ("Мамедов Рашид Ахмед оглы", "m", "Мамедову Рашиду Ахмед оглы"),
    ],
)
def test_name_dative_json(runner, name, gender, dative):
    result = runner.invoke(args=["name", "dative", name, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == {"dative": dative, "gender": gender}


def test_name_dative_with_explicit_gender(runner):
    result = runner.invoke(args=["name", "dative", "Черных Саша", "--gender", "f", "--json"])
    assert json.loads(result.output) == {"dative": "Черных Саше", "gender": "f"}


def test_name_dative_refuses_a_single_word(runner):
    result = runner.invoke(args=["name", "dative", "Миронов", "--json"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
