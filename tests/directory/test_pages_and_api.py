"""The prisoner page and the directory API show the same, complete facts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from letters.directory.models import Prisoner, PrisonerStatus
from letters.extensions import db

MIRONOV_BLOCK = (
    "Миронову Сергею Геннадьевичу,\n1981 г. р.\n"
    "ФКУ СИЗО-2 УФСИН России по Волгоградской области\n"
    "ул. Рабочая, д. 38\n"
    "г. Камышин\n"
    "Волгоградская область\n"
    "403882"
)


def _address_block(html: str) -> str:
    start = html.index('id="envelope-address">') + len('id="envelope-address">')
    return html[start : html.index("</p>", start)]


def test_mironov_page_shows_the_envelope_block_exactly(client, sample_directory):
    page = client.get(
        f"/prisoners/{sample_directory['Миронов']}", headers={"Accept-Language": "ru"}
    )
    assert page.status_code == 200
    assert _address_block(page.text) == MIRONOV_BLOCK
    assert 'data-notice="presumed"' in page.text
    assert 'data-notice="stale"' not in page.text  # verified today by the import


def test_stale_address_is_said_plainly(app, client, sample_directory):
    with app.app_context():
        prisoner = db.session.get(Prisoner, sample_directory["Миронов"])
        # Staleness counts from the page's reading: it was read 91 days ago.
        prisoner.read_on = date.today() - timedelta(days=91)
        db.session.commit()
    page = client.get(
        f"/prisoners/{sample_directory['Миронов']}", headers={"Accept-Language": "en"}
    )
    assert "This address has not been checked for 91 days" in page.text


@pytest.mark.parametrize("days, words", [(91, "91 день"), (92, "92 дня"), (95, "95 дней")])
def test_the_stale_notice_counts_days_in_russian_plural_forms(
    app, client, sample_directory, days, words
):
    with app.app_context():
        prisoner = db.session.get(Prisoner, sample_directory["Миронов"])
        prisoner.read_on = date.today() - timedelta(days=days)
        db.session.commit()
    page = client.get(
        f"/prisoners/{sample_directory['Миронов']}", headers={"Accept-Language": "ru"}
    )
    assert f"Этот адрес не проверяли {words};" in page.text


def test_unknown_address_points_to_forwarding_services(client, sample_directory):
    page = client.get(f"/prisoners/{sample_directory['Перов']}", headers={"Accept-Language": "en"})
    assert 'data-notice="unknown"' in page.text
    assert 'id="envelope-address"' not in page.text
    assert "OVD-Info: Letters Across Borders" in page.text
    assert "Memorial France" in page.text


def test_released_prisoner_gets_no_envelope_advice(app, client, sample_directory):
    with app.app_context():
        db.session.get(Prisoner, sample_directory["Миронов"]).status = PrisonerStatus.RELEASED
        db.session.commit()
    data = client.get(f"/api/v1/prisoners/{sample_directory['Миронов']}").json
    assert data["can_post"] is False
    assert [n["code"] for n in data["notices"]] == ["released"]


def test_search_page_finds_by_latin_name(client, sample_directory):
    page = client.get("/prisoners?q=Mironov", headers={"Accept-Language": "en"})
    assert f'href="/prisoners/{sample_directory["Миронов"]}"' in page.text
    assert "Перов" not in page.text


def test_search_page_with_filters_only(client, sample_directory):
    page = client.get("/prisoners?status=unknown")
    assert "Перов Валерий" in page.text
    assert "Миронов Сергей" not in page.text


def test_search_page_rejects_bad_filter_with_a_message(client, sample_directory):
    page = client.get("/prisoners?birthday_days=900", headers={"Accept-Language": "en"})
    assert "Enter a number of days from 0 to 366." in page.text


def test_api_returns_the_same_card_as_the_page(client, sample_directory):
    found = client.get("/api/v1/prisoners?q=Миронов").json["prisoners"]
    assert [p["full_name"] for p in found] == ["Миронов Сергей Геннадьевич"]
    one = client.get(f"/api/v1/prisoners/{sample_directory['Миронов']}").json
    assert one == found[0]
    assert "\n".join(one["envelope_lines"]) == MIRONOV_BLOCK
    assert one["services"] == ["zt", "ovd_info", "memorial_france"]


@pytest.mark.parametrize(
    ("query", "code"),
    [("status=free", "invalid_parameter"), ("birthday_days=-1", "invalid_parameter"),
     ("limit=1000", "invalid_parameter")],
)  # fmt: skip
def test_api_bad_parameters_are_json_errors(client, sample_directory, query, code):
    response = client.get(f"/api/v1/prisoners?{query}")
    assert response.status_code == 400
    assert response.json["error"]["code"] == code


def test_api_unknown_prisoner(client):
    response = client.get("/api/v1/prisoners/999")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_address_parse_api(client):
    text = (
        "403882, Волгоградская область, г. Камышин, ул. Рабочая, д. 38, "
        "ФКУ СИЗО-2 УФСИН России по Волгоградской области, "
        "Миронову Сергею Геннадьевичу, 1981 г. р. (адрес предположительный)."
    )
    data = client.post("/api/v1/addresses/parse", json={"text": text}).json
    assert {k: data[k] for k in ("postcode", "locality", "street", "house", "birth_year")} == {
        "postcode": "403882", "locality": "г. Камышин", "street": "ул. Рабочая", "house": "38",
        "birth_year": 1981,
    }  # fmt: skip
    assert data["presumed"] is True
    assert data["recipient"] == "Миронову Сергею Геннадьевичу"
    assert data["warnings"] == []
    assert data["unplaced"] == [] and data["unplaced_message"] is None


def test_address_parse_api_shows_the_words_not_understood(client):
    text = "403882, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2, 12-15 лет"
    data = client.post(
        "/api/v1/addresses/parse", json={"text": text}, headers={"Accept-Language": "ru"}
    ).json
    assert data["unplaced"] == ["12-15 лет"]
    assert "«12-15 лет»" in data["unplaced_message"]
    assert "не" in data["unplaced_message"]  # in the reader's language


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [({"text": ""}, 422, "unreadable_address"), ({"txt": "x"}, 422, "missing_field"),
     ({"text": 5}, 422, "invalid_field")],
)  # fmt: skip
def test_address_parse_api_errors(client, body, status, code):
    response = client.post("/api/v1/addresses/parse", json=body)
    assert response.status_code == status
    assert response.json["error"]["code"] == code


def test_address_parse_api_needs_json(client):
    response = client.post("/api/v1/addresses/parse", data="text=hello")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"


def test_interests_are_shown_when_known(app, client, sample_directory):
    page = client.get(
        f"/prisoners/{sample_directory['Миронов']}", headers={"Accept-Language": "ru"}
    )
    assert "Интересы" not in page.text
    with app.app_context():
        db.session.get(Prisoner, sample_directory["Миронов"]).interests = "шахматы, история"
        db.session.commit()
    page = client.get(
        f"/prisoners/{sample_directory['Миронов']}", headers={"Accept-Language": "ru"}
    )
    assert "<strong>Интересы:</strong> шахматы, история" in page.text
