"""``letters check`` and ``POST /api/v1/check`` give the checker's object and exit statuses."""

from __future__ import annotations

import json

import pytest

RUSSIAN = "Здравствуйте! Пишу вам из Казани. У нас выпал первый снег, и я думаю о вас."
UKRAINIAN = "Привіт! Як справи? Що нового у тебе? Я дуже чекаю на відповідь."


def test_cli_accepts_a_russian_letter(runner, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(RUSSIAN, encoding="utf-8")
    result = runner.invoke(args=["check", str(letter), "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["language"] == "ru"
    assert payload["verdict"] in ("ok", "warn")
    assert payload["fixed_text"] == RUSSIAN


def test_cli_rejects_ukrainian_from_standard_input(runner):
    result = runner.invoke(args=["check", "-", "--json"], input=UKRAINIAN.encode())
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert (payload["verdict"], payload["language"]) == ("reject", "uk")


def test_cli_human_output_names_the_problem_and_the_fix(runner):
    """One translit phrase in a Russian letter is a fixable warning, not a rejection."""
    result = runner.invoke(args=["check", "--lang", "en"], input="Привет! Kak dela? Всё хорошо.")
    assert result.exit_code == 0
    assert result.output.startswith("warn (ru)")
    assert "8-16 translit: «Kak dela» → Как дела" in result.output


@pytest.mark.parametrize("data", [b"\xff\xfe\x00bad", b"\xd0"])
def test_cli_invalid_utf8_is_exit_2_without_traceback(runner, data):
    result = runner.invoke(args=["check", "-", "--lang", "en"], input=data)
    assert result.exit_code == 2
    assert "not valid UTF-8" in result.output
    assert "Traceback" not in result.output


def test_api_returns_the_same_object_as_the_cli(client, runner):
    api = client.post("/api/v1/check", json={"text": UKRAINIAN}).json
    cli = json.loads(runner.invoke(args=["check", "-", "--json"], input=UKRAINIAN.encode()).output)
    assert api == cli


def test_api_messages_follow_the_ui_language(client):
    english = client.post(
        "/api/v1/check", json={"text": UKRAINIAN}, headers={"Accept-Language": "en"}
    ).json
    russian = client.post(
        "/api/v1/check", json={"text": UKRAINIAN}, headers={"Accept-Language": "ru"}
    ).json
    assert english["findings"][0]["message"].startswith("This looks like Ukrainian")
    assert english["findings"][0]["message"] != russian["findings"][0]["message"]


@pytest.mark.parametrize(
    ("body", "code"), [({"text": 12}, "invalid_field"), ({"letter": "x"}, "missing_field")]
)
def test_api_bad_requests(client, body, code):
    response = client.post("/api/v1/check", json=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == code


def test_api_empty_letter_is_rejected_not_an_error(client):
    data = client.post("/api/v1/check", json={"text": "   \n "}).json
    assert data["verdict"] == "reject"
