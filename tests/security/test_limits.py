"""Rate limits and body-size caps on what anyone may call without an account."""

from __future__ import annotations

import pytest

EN = {"Accept-Language": "en"}


def test_reference_code_lookups_are_rate_limited_together(make_app):
    client = make_app(LOOKUP_RATE_LIMIT="3 per minute").test_client()
    statuses = [
        client.get("/letters", query_string={"code": "AAAA-AAAA"}).status_code,
        client.get("/letters/AAAA-AAAB").status_code,
        client.get("/letters/AAAA-AAAC").status_code,
        client.get("/letters", query_string={"code": "AAAA-AAAD"}, headers=EN).status_code,
    ]
    assert statuses == [200, 404, 404, 429]
    page = client.get("/letters/AAAA-AAAE", headers=EN)
    assert page.status_code == 429 and "Too many attempts" in page.text


@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/addresses/parse"])
def test_public_json_endpoints_are_rate_limited(make_app, path):
    client = make_app(API_RATE_LIMIT="2 per minute").test_client()
    body = {"text": "Здравствуйте!"}
    statuses = [client.post(path, json=body).status_code for _ in range(3)]
    assert statuses[2] == 429 and 429 not in statuses[:2]
    assert client.post(path, json=body).json["error"]["code"] == "rate_limited"


@pytest.mark.parametrize(
    ("path", "too_large"), [("/api/v1/addresses/parse", 20_000), ("/api/v1/check", 1_100_000)]
)
def test_public_json_endpoints_cap_the_body(client, path, too_large):
    response = client.post(path, json={"text": "a" * too_large}, headers=EN)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"
    small = client.post(path, json={"text": "ул. Ленина, 1"})
    assert small.status_code in (200, 422)
