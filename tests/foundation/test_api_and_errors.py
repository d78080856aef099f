"""API errors are JSON with a code; HTML errors are friendly pages in both languages."""

from __future__ import annotations

import pytest


@pytest.fixture
def failing_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=False)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the handler must answer

    @app.get("/api/v1/explode")
    def api_explode():
        raise RuntimeError("secret internals")

    @app.get("/explode")
    def page_explode():
        raise RuntimeError("secret internals")

    return app


def test_api_health(client):
    response = client.get("/api/v1/health")
    assert response.json == {"status": "ok"}


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/no-such-thing", 404, "not_found"),
        ("post", "/api/v1/health", 405, "method_not_allowed"),
    ],
)
def test_api_errors_are_json_with_a_code(client, method, path, status, code):
    response = getattr(client, method)(path, headers={"Accept-Language": "en"})
    assert response.status_code == status
    assert response.is_json
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]


def test_api_errors_speak_the_visitors_language(client):
    response = client.get("/api/v1/nothing", headers={"Accept-Language": "ru"})
    assert response.json["error"]["message"] == "Страница не найдена"


def test_unexpected_api_error_is_json_without_traceback(failing_app):
    response = failing_app.test_client().get("/api/v1/explode")
    assert response.status_code == 500
    assert response.json["error"]["code"] == "internal_error"
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_unexpected_page_error_is_a_friendly_page(failing_app):
    response = failing_app.test_client().get("/explode", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret internals" not in response.text


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "Page not found"), ("ru", "Страница не найдена")]
)
def test_not_found_page_in_both_languages(client, lang, text):
    response = client.get("/nowhere", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert f"<h1>{text}</h1>" in response.text


def test_forbidden_and_bad_request_pages(client):
    from werkzeug.exceptions import BadRequest, Forbidden

    app = client.application

    @app.get("/forbidden")
    def forbidden():
        raise Forbidden()

    @app.get("/bad")
    def bad():
        raise BadRequest()

    assert "У вас нет доступа" in client.get("/forbidden", headers={"Accept-Language": "ru"}).text
    assert client.get("/bad").status_code == 400
