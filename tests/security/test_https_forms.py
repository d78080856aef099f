"""Forms work over HTTPS behind a proxy, sent the way Chromium sends them (issue 12, critical)."""

from __future__ import annotations

import pytest

from letters.auth.models import Role
from tests.conftest import PASSWORD, create_user, csrf_token
from tests.writing.conftest import letter_form

HOST = "letters.example"
# What nginx adds in front of the app (README: LETTERS_PROXY_COUNT=1).
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def chromium_post_headers(path: str, *, origin: str | None = f"https://{HOST}") -> dict:
    """The headers Chromium sends when a page of ours (Referrer-Policy: same-origin) posts."""
    headers = {
        **PROXY,
        "Sec-Fetch-Site": "same-origin",
        "Sec-Fetch-Mode": "navigate",
        "Sec-Fetch-Dest": "document",
        "Accept-Language": "en",
    }
    if origin is not None:
        headers["Origin"] = origin
    if origin == f"https://{HOST}":
        headers["Referer"] = f"https://{HOST}{path}"
    return headers


@pytest.fixture
def https_client(make_app):
    app = make_app(PROXY_COUNT=1)  # CSRF on, as in production
    create_user(app, "v@example.org", Role.VOLUNTEER)
    client = app.test_client()
    client.app = app
    return client


def _token(client, path: str) -> str:
    page = client.get(path, base_url=f"http://{HOST}", headers=PROXY)
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" in page.headers  # the app saw HTTPS through the proxy
    return csrf_token(page.text)


def test_log_in_over_https(https_client):
    client = https_client
    token = _token(client, "/login")
    response = client.post(
        "/login", base_url=f"http://{HOST}", headers=chromium_post_headers("/login"),
        data={"email": "v@example.org", "password": PASSWORD, "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith("/volunteer/")  # a volunteer lands on the queue
    cookies = response.headers.getlist("Set-Cookie")
    [session_cookie] = [c for c in cookies if c.startswith("session=")]
    assert "; Secure" in session_cookie


def test_write_and_queue_over_https(https_client):
    from datetime import date

    from letters.directory.cli import SAMPLE_DIR
    from letters.directory.import_export import import_files
    from letters.extensions import db

    client = https_client
    with client.app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
    path = "/prisoners/1/write"
    token = _token(client, path)
    response = client.post(
        path, base_url=f"http://{HOST}", headers=chromium_post_headers(path),
        data={**letter_form(), "action": "queue", "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 302, response.text
    assert "/letters/" in response.headers["Location"]


@pytest.mark.parametrize(
    "origin",
    [None, "null", "https://evil.example", f"http://{HOST}"],
    ids=["no-origin-no-referer", "origin-null", "other-site", "downgraded-scheme"],
)
def test_a_post_that_does_not_come_from_this_site_is_refused(https_client, origin):
    client = https_client
    token = _token(client, "/login")
    response = client.post(
        "/login", base_url=f"http://{HOST}", headers=chromium_post_headers("/login", origin=origin),
        data={"email": "v@example.org", "password": PASSWORD, "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 400
    assert "The form had expired or came from another site" in response.text


def test_referer_alone_is_enough_when_origin_is_stripped(https_client):
    client = https_client
    token = _token(client, "/login")
    headers = {**PROXY, "Referer": f"https://{HOST}/login", "Accept-Language": "en"}
    response = client.post(
        "/login", base_url=f"http://{HOST}", headers=headers,
        data={"email": "v@example.org", "password": PASSWORD, "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 302


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://[::1"}, {"Origin": "https://["}, {"Referer": "https://["},
     {"Referer": "https://[::1/login"}, {"Origin": "null", "Referer": f"https://{HOST}/login"},
     {"Origin": "", "Referer": f"https://{HOST}/login"}],
    ids=["origin-bracket", "origin-open-bracket", "referer-bracket", "referer-ipv6-unclosed",
         "origin-null-with-own-referer", "empty-origin-with-own-referer"],
)  # fmt: skip
def test_an_origin_that_cannot_be_read_or_is_null_is_refused_in_words(https_client, headers):
    """Neither a 500 (``urlsplit`` raised) nor a pass: ``Origin: null`` is refused whatever the
    Referer says, as the check's docstring promises."""
    client = https_client
    token = _token(client, "/login")
    response = client.post(
        "/login", base_url=f"http://{HOST}", headers={**PROXY, "Accept-Language": "en", **headers},
        data={"email": "v@example.org", "password": PASSWORD, "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 400
    assert "The form had expired or came from another site" in response.text
