"""Headers, cookies, CSRF and log-in rate limiting."""

from __future__ import annotations

import re

from letters.auth.models import Role
from tests.conftest import PASSWORD, create_user, csrf_token


def test_every_page_forbids_other_origins(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "http" not in csp  # no other host is allowed anywhere
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_reference_only_this_site(client):
    """No CDN, web font or analytics: every src/href is local (or a plain link people click)."""
    for path in ("/", "/about", "/login", "/missing-page"):
        html = client.get(path).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources, path
        assert all(s.startswith(("/", "#")) for s in sources), (path, sources)


def test_session_cookie_is_httponly_and_lax(client):
    response = client.get("/login")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in development must still work


def test_session_cookie_is_secure_over_https(client):
    response = client.get("/login", base_url="https://letters.example")
    assert "; Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_login_requires_a_csrf_token(make_app):
    app = make_app()  # CSRF on, as in production
    create_user(app, "v@example.org", Role.VOLUNTEER)
    client = app.test_client()
    response = client.post("/login", data={"email": "v@example.org", "password": PASSWORD})
    assert response.status_code == 400
    page = client.get("/login", headers={"Accept-Language": "en"}).text
    token = csrf_token(page)
    response = client.post(
        "/login", data={"email": "v@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_csrf_failure_explains_itself(make_app):
    client = make_app().test_client()
    response = client.post("/language", data={"lang": "en"}, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "The form had expired or came from another site" in response.text


def test_login_is_rate_limited(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [
        client.post("/login", data={"email": "x@example.org", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [422, 422, 422]
    assert statuses[3:] == [429, 429]
    page = client.post(
        "/login",
        data={"email": "x@example.org", "password": "wrong"},
        headers={"Accept-Language": "en"},
    )
    assert "Too many attempts" in page.text
