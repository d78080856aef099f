"""Staff accounts in the browser's pages: a coordinator creates, deactivates and re-activates
accounts and makes set-password links; everyone changes their own password; every change is in
the audit list (without passwords or links)."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from letters.auth.models import AccountEvent, Role, SetPasswordLink, User
from letters.extensions import db
from tests.conftest import PASSWORD, AuthActions, create_user

NEW_PASSWORD = "seven purple lanterns drifting"
EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


def link_path(page_text: str) -> str:
    """The set-password link a page shows, as a path with its query."""
    url = html.unescape(re.search(r'id="set-password-url" value="([^"]+)"', page_text)[1])
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.fixture
def desk(app, coordinator):
    """A coordinator's logged-in client."""
    client = app.test_client()
    AuthActions(client).login(coordinator.email)
    return client


def create_account(desk, email: str, role: str = "volunteer", headers=EN):
    return desk.post("/coordinate/accounts/", data={"email": email, "role": role}, headers=headers)


@pytest.mark.parametrize("role", ["volunteer", "coordinator", "translator"])
def test_a_coordinator_creates_an_account_whose_owner_sets_the_password(app, desk, role):
    page = create_account(desk, "Nina@Example.org", role)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "The account nina@example.org is created." in page.text
    path = link_path(page.text)
    newcomer = app.test_client()
    # Nobody knows the password the account was created with.
    assert AuthActions(newcomer).login("nina@example.org").status_code == 422
    form = newcomer.get(path, headers=EN)
    assert form.status_code == 200 and "For the account nina@example.org." in form.text
    assert form.headers["Cache-Control"] == "no-store"
    data = {"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}
    saved = newcomer.post(path, data=data)
    assert saved.headers["Location"] == "/login"
    landed = AuthActions(newcomer).login("nina@example.org", NEW_PASSWORD)
    start = {"volunteer": "/volunteer/", "coordinator": "/coordinate/", "translator": "/account"}
    assert landed.headers["Location"] == start[role]
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email == "nina@example.org")) == role


def test_account_pages_answer_in_russian(app, desk):
    page = create_account(desk, "not-an-address", headers=RU)
    assert page.status_code == 422
    assert "Это не адрес электронной почты." in page.text
    create_account(desk, "nina@example.org", headers=RU)
    again = create_account(desk, "NINA@example.org", headers=RU)
    assert "Учётная запись с этим адресом уже есть." in again.text
    listing = desk.get("/coordinate/accounts/", headers=RU).text
    assert "Учётные записи сотрудников" in listing and "переводчик" in listing
    audit = desk.get("/coordinate/accounts/audit", headers=RU).text
    assert "создал(а) учётную запись" in audit


def test_a_link_works_once_and_a_newer_one_replaces_it(app, desk):
    first = link_path(create_account(desk, "nina@example.org").text)
    with app.app_context():
        nina = User.find_by_email("nina@example.org")
        # Only a digest is stored: the token itself is nowhere in the database.
        token = first.split("token=")[1]
        digests = db.session.scalars(select(SetPasswordLink.token_digest)).all()
        assert len(digests) == 1 and token not in digests[0]
    second = link_path(desk.post(f"/coordinate/accounts/{nina.id}/link", headers=EN).text)
    client = app.test_client()
    replaced = client.get(first, headers=EN)
    assert replaced.status_code == 404 and "This link does not work" in replaced.text
    data = {"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}
    assert client.post(second, data=data).status_code == 302
    assert client.get(second).status_code == 404
    assert client.post(second, data={**data}).status_code == 404


def test_a_link_expires(app, desk):
    path = link_path(create_account(desk, "nina@example.org").text)
    with app.app_context():
        link = db.session.scalars(select(SetPasswordLink)).one()
        link.expires_at = link.created_at - timedelta(seconds=1)
        db.session.commit()
    page = app.test_client().get(path, headers=RU)
    assert page.status_code == 404 and "Эта ссылка не работает" in page.text


def test_link_expiry_follows_the_setting(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, SET_PASSWORD_LINK_HOURS=3)
    create_user(app, "c2@example.org", Role.COORDINATOR)
    client = app.test_client()
    AuthActions(client).login("c2@example.org")
    create_account(client, "nina@example.org")
    with app.app_context():
        link = db.session.scalars(select(SetPasswordLink)).one()
        assert link.expires_at - link.created_at == timedelta(hours=3)


def test_set_password_links_are_rate_limited(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, SET_PASSWORD_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [client.get(f"/account/set-password?token=guess{n}").status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_making_links_is_rate_limited_across_both_pages(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, SET_PASSWORD_RATE_LIMIT="2 per minute")
    create_user(app, "c2@example.org", Role.COORDINATOR)
    client = app.test_client()
    AuthActions(client).login("c2@example.org")
    assert create_account(client, "nina@example.org").status_code == 200
    with app.app_context():
        nina_id = User.find_by_email("nina@example.org").id
    assert client.post(f"/coordinate/accounts/{nina_id}/link").status_code == 200
    assert client.post(f"/coordinate/accounts/{nina_id}/link").status_code == 429
    assert create_account(client, "olga@example.org").status_code == 429
    with app.app_context():
        assert User.find_by_email("olga@example.org") is None


def test_the_new_password_follows_the_rules_in_both_languages(app, desk):
    path = link_path(create_account(desk, "nina@example.org").text)
    client = app.test_client()
    cases = {
        "short words": ("Use at least 12 characters.", "Не меньше 12 символов."),
        "password1234": ("one of the most common passwords", "один из самых частых паролей"),
        "nina@example.org!!": ("must not contain your e-mail", "не должен содержать ваш адрес"),
    }
    for password, (english, russian) in cases.items():
        data = {"new_password": password, "repeat_password": password}
        for headers, expected in ((EN, english), (RU, russian)):
            page = client.post(path, data=data, headers=headers)
            assert page.status_code == 422 and expected in page.text, (password, headers)
    mismatch = {"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD + "x"}
    assert "The two new passwords differ." in client.post(path, data=mismatch, headers=EN).text
    # A refused password leaves the link working.
    assert client.get(path).status_code == 200


def test_deactivation_ends_sessions_and_links_and_reactivation_restores_log_in(app, desk):
    nina_page = create_account(desk, "nina@example.org")
    path = link_path(nina_page.text)
    with app.app_context():
        nina_id = User.find_by_email("nina@example.org").id
    volunteer = create_user(app, "vera@example.org", Role.VOLUNTEER)
    vera = app.test_client()
    AuthActions(vera).login(volunteer.email)
    assert vera.get("/volunteer/").status_code == 200

    desk.post(f"/coordinate/accounts/{volunteer.id}/deactivate")
    desk.post(f"/coordinate/accounts/{nina_id}/deactivate")
    assert vera.get("/volunteer/").status_code == 302  # back to the log-in page
    assert AuthActions(app.test_client()).login(volunteer.email).status_code == 422
    assert app.test_client().get(path).status_code == 404
    refused = desk.post(f"/coordinate/accounts/{nina_id}/link", headers=EN, follow_redirects=True)
    assert "Re-activate the account first" in refused.text

    page = desk.post(f"/coordinate/accounts/{volunteer.id}/reactivate", follow_redirects=True)
    assert "vera@example.org can log in again." in page.text or "снова может" in page.text
    assert AuthActions(app.test_client()).login(volunteer.email).status_code == 302


def test_a_coordinator_cannot_deactivate_their_own_account(app, desk, coordinator):
    page = desk.post(
        f"/coordinate/accounts/{coordinator.id}/deactivate", headers=EN, follow_redirects=True
    )
    assert "You cannot deactivate your own account." in page.text
    with app.app_context():
        assert db.session.get(User, coordinator.id).active


def test_only_coordinators_open_the_account_pages(app, client, auth, volunteer):
    auth.login(volunteer.email)
    for path in ("/coordinate/accounts/", "/coordinate/accounts/audit"):
        assert client.get(path).status_code == 403
    assert client.post("/coordinate/accounts/", data={"email": "x@example.org"}).status_code == 403
    assert client.post(f"/coordinate/accounts/{volunteer.id}/link").status_code == 403


def test_everyone_changes_their_own_password_with_the_old_one(app, client, auth, volunteer):
    auth.login(volunteer.email)
    other_device = app.test_client()
    AuthActions(other_device).login(volunteer.email)
    wrong = {"current_password": "not my password", "new_password": NEW_PASSWORD,
             "repeat_password": NEW_PASSWORD}  # fmt: skip
    for headers, expected in ((EN, "This is not your current password."),
                              (RU, "Это не ваш текущий пароль.")):  # fmt: skip
        page = client.post("/account", data=wrong, headers=headers)
        assert page.status_code == 422 and expected in page.text
    common = {**wrong, "current_password": PASSWORD, "new_password": "qwertyuiop123",
              "repeat_password": "qwertyuiop123"}  # fmt: skip
    assert "most common passwords" in client.post("/account", data=common, headers=EN).text

    changed = client.post("/account", data={**wrong, "current_password": PASSWORD}, headers=EN)
    assert changed.headers["Location"] == "/account"
    assert "Your password is changed." in client.get("/account", headers=EN).text
    # This session stays; the other device is logged out; the old password no longer works.
    assert other_device.get("/account").status_code == 302
    assert AuthActions(app.test_client()).login(volunteer.email).status_code == 422
    assert AuthActions(app.test_client()).login(volunteer.email, NEW_PASSWORD).status_code == 302


def test_a_translator_sees_their_account_but_no_volunteer_pages(app, client, auth):
    translator = create_user(app, "tanya@example.org", Role.TRANSLATOR)
    assert auth.login(translator.email).headers["Location"] == "/account"
    page = client.get("/account", headers=EN).text
    assert "(translator)" in page and "Letters to print" not in page
    assert client.get("/volunteer/").status_code == 403
    assert client.get("/coordinate/").status_code == 403


def test_the_audit_list_says_who_did_what_without_secrets(app, desk, coordinator, volunteer):
    client = app.test_client()
    AuthActions(client).login(volunteer.email)
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD}  # fmt: skip
    client.post("/account", data=data)
    created = create_account(desk, "nina@example.org", "translator")
    token = link_path(created.text).split("token=")[1]
    desk.post(f"/coordinate/accounts/{volunteer.id}/deactivate")
    desk.post(f"/coordinate/accounts/{volunteer.id}/reactivate")

    page = desk.get("/coordinate/accounts/audit", headers=EN).text
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>")[1], re.S)]  # fmt: skip
    assert len(rows) == 5
    assert "coordinator@example.org re-activated the account volunteer@example.org" in rows[0]
    assert "coordinator@example.org deactivated the account volunteer@example.org" in rows[1]
    assert "coordinator@example.org made a set-password link nina@example.org" in rows[2]
    assert "created the account (translator) nina@example.org" in rows[3]
    assert "volunteer@example.org changed the password volunteer@example.org" in rows[4]
    for secret in (NEW_PASSWORD, PASSWORD, token):
        assert secret not in page
    with app.app_context():
        stored = " ".join(
            f"{e.action} {e.detail}" for e in db.session.scalars(select(AccountEvent))
        )
        assert NEW_PASSWORD not in stored and token not in stored


def test_user_create_on_the_command_line_is_audited(app, runner):
    result = runner.invoke(
        args=["user", "create", "--role", "translator", "tanya@example.org"],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        event = db.session.scalars(select(AccountEvent)).one()
        assert (event.action, event.actor, event.subject.email, event.detail) == (
            "created",
            None,
            "tanya@example.org",
            "translator",
        )


COMMON = ["password1234", "Password1234", "qwertyuiop123", "1234567890", "iloveyou1234"]


def test_every_way_of_choosing_a_password_applies_the_same_rules(make_app):
    """One input, one result: the command line, the set-password link and the own-password
    form accept and refuse the same passwords, with the same message."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from letters.auth.passwords import password_problem
    from tests.conftest import LettersCliRunner

    unlimited = "100000 per minute"  # the limits have their own tests
    app = make_app(
        WTF_CSRF_ENABLED=False, LOGIN_RATE_LIMIT=unlimited, SET_PASSWORD_RATE_LIMIT=unlimited
    )
    runner = LettersCliRunner(app)
    create_user(app, "coordinator@example.org", Role.COORDINATOR)
    desk = app.test_client()
    AuthActions(desk).login("coordinator@example.org")
    create_account(desk, "nina@example.org")
    with app.app_context():
        nina_id = User.find_by_email("nina@example.org").id
    olga = create_user(app, "nina@example.net", Role.VOLUNTEER)  # same name, own-password form
    olga_client = app.test_client()
    AuthActions(olga_client).login(olga.email)
    olga_password = [PASSWORD]
    made = iter(range(10_000))
    text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)
    candidates = st.sampled_from(COMMON) | text.filter(lambda t: t and t.strip() == t)

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(password=candidates, mention_address=st.booleans())
    def check(password, mention_address):
        if mention_address:
            password = f"{password} nina"
        with app.test_request_context(headers=EN):
            expected = password_problem(password, "nina@example.org")
            assert expected == password_problem(password, "nina@example.net")
        cli = runner.invoke(
            args=["user", "create", "--role", "volunteer", f"nina@example-{next(made)}.org"],
            input=f"{password}\n{password}\n",
        )
        path = link_path(desk.post(f"/coordinate/accounts/{nina_id}/link").text)
        new = {"new_password": password, "repeat_password": password}
        by_link = app.test_client().post(path, data=new, headers=EN)
        own = olga_client.post(
            "/account", data={**new, "current_password": olga_password[-1]}, headers=EN
        )
        if expected is None:
            assert (cli.exit_code, by_link.status_code, own.status_code) == (0, 302, 302)
            olga_password.append(password)
        else:
            assert cli.exit_code == 2 and expected in " ".join(cli.output.split())
            for page in (by_link, own):
                assert page.status_code == 422 and html.escape(expected) in page.text

    check()


def test_own_password_changes_are_rate_limited_like_log_ins(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, LOGIN_RATE_LIMIT="3 per minute")
    volunteer = create_user(app, "vera@example.org", Role.VOLUNTEER)
    client = app.test_client()
    AuthActions(client).login(volunteer.email)  # the first of the log-in page's own three
    guess = {"current_password": "guess", "new_password": NEW_PASSWORD,
             "repeat_password": NEW_PASSWORD}  # fmt: skip
    statuses = [client.post("/account", data=guess).status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]


def test_the_audit_list_says_when_it_shows_only_the_latest_changes(app, desk, monkeypatch):
    from letters.auth import staff

    monkeypatch.setattr(staff, "AUDIT_PAGE_SIZE", 2)
    create_account(desk, "nina@example.org")  # created, and a link made
    page = desk.get("/coordinate/accounts/audit", headers=RU).text
    assert 'id="audit-more"' not in page
    create_account(desk, "olga@example.org")
    page = desk.get("/coordinate/accounts/audit", headers=EN).text
    assert "Only the latest 2 changes are shown." in page
    assert page.count("olga@example.org") == 2 and "nina@example.org" not in page


def test_an_account_form_sent_twice_makes_one_account(app, desk):
    from letters.once import new_token

    data = {"email": "nina@example.org", "role": "volunteer", "once": new_token()}
    first = desk.post("/coordinate/accounts/", data=data, headers=EN)
    assert first.status_code == 200 and link_path(first.text)
    second = desk.post("/coordinate/accounts/", data=data, headers=EN)
    # Not "exists already": the second post lands on the accounts, and says where to get a link.
    assert second.status_code == 302 and second.headers["Location"] == "/coordinate/accounts/"
    page = desk.get("/coordinate/accounts/", headers=EN).text
    assert "The account was created by the form you sent first." in page
    with app.app_context():
        assert db.session.query(User).filter_by(email="nina@example.org").count() == 1
        # One link made: the first one, which the coordinator was shown, still works.
        assert db.session.query(SetPasswordLink).count() == 1
    assert app.test_client().get(link_path(first.text)).status_code == 200
