"""Accounts: supporters need none; volunteer and coordinator pages need one with the right role."""

from __future__ import annotations

import pytest
from flask import Blueprint

from letters.auth.access import role_required
from letters.auth.models import Role


@pytest.fixture
def guarded_app(make_app):
    """An app with one page per role, guarded exactly as feature pages are."""
    app = make_app(WTF_CSRF_ENABLED=False)
    pages = Blueprint("guarded", __name__)

    @pages.get("/volunteer-only")
    @role_required(Role.VOLUNTEER)
    def volunteer_page():
        return "volunteer desk"

    @pages.get("/coordinator-only")
    @role_required(Role.COORDINATOR)
    def coordinator_page():
        return "directory desk"

    app.register_blueprint(pages)
    return app


def test_supporter_pages_need_no_account(client):
    for path in ("/", "/about"):
        assert client.get(path).status_code == 200


def test_anonymous_visitor_is_sent_to_log_in(guarded_app):
    client = guarded_app.test_client()
    for path in ("/volunteer-only", "/coordinator-only", "/account"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_roles_open_their_pages(guarded_app, auth):
    from tests.conftest import AuthActions, create_user

    create_user(guarded_app, "v@example.org", Role.VOLUNTEER)
    create_user(guarded_app, "c@example.org", Role.COORDINATOR)
    volunteer = AuthActions(guarded_app.test_client())
    assert volunteer.login("v@example.org").status_code == 302
    assert volunteer.client.get("/volunteer-only").text == "volunteer desk"
    assert volunteer.client.get("/coordinator-only").status_code == 403
    coordinator = AuthActions(guarded_app.test_client())
    coordinator.login("c@example.org")
    assert coordinator.client.get("/volunteer-only").status_code == 200
    assert coordinator.client.get("/coordinator-only").text == "directory desk"


def test_wrong_password_says_so_without_revealing_accounts(client, auth, volunteer):
    wrong = client.post(
        "/login",
        data={"email": volunteer.email, "password": "nope"},
        headers={"Accept-Language": "en"},
    )
    unknown = client.post(
        "/login",
        data={"email": "nobody@example.org", "password": "nope"},
        headers={"Accept-Language": "en"},
    )
    assert wrong.status_code == unknown.status_code == 422
    assert "The e-mail or the password is wrong." in wrong.text
    assert "The e-mail or the password is wrong." in unknown.text


def test_login_form_errors_are_in_russian(client):
    page = client.post(
        "/login", data={"email": "", "password": ""}, headers={"Accept-Language": "ru"}
    )
    assert "Введите адрес электронной почты." in page.text
    assert 'aria-invalid="true"' in page.text


def test_login_then_logout(client, auth, volunteer):
    response = auth.login(volunteer.email.upper())
    assert response.headers["Location"] == "/volunteer/"  # a volunteer lands on the queue
    assert "volunteer@example.org" in client.get("/account").text
    assert auth.logout().status_code == 302
    assert client.get("/account").status_code == 302


def test_a_coordinator_lands_on_the_attention_list(auth, coordinator):
    assert auth.login(coordinator.email).headers["Location"] == "/coordinate/"


def test_login_returns_to_the_page_asked_for_but_only_on_this_site(client, volunteer):
    from tests.conftest import PASSWORD

    data = {"email": volunteer.email, "password": PASSWORD}
    response = client.post("/login?next=/about", data=data)
    assert response.headers["Location"] == "/about"
    client.post("/logout")
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"


def test_inactive_account_cannot_log_in(app, client, auth, volunteer):
    from letters.auth.models import User
    from letters.extensions import db

    with app.app_context():
        db.session.get(User, volunteer.id).active = False
        db.session.commit()
    assert auth.login(volunteer.email).status_code == 422
