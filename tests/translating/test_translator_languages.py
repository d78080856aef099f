"""A coordinator sets the languages each translator translates from, on the staff accounts
page; the change is in the audit list."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from letters.auth.models import AccountAction, AccountEvent, Role, TranslatorLanguage
from letters.extensions import db
from tests.conftest import AuthActions, create_user

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


@pytest.fixture
def desk(app, coordinator):
    client = app.test_client()
    AuthActions(client).login(coordinator.email)
    return client


def set_languages(desk, user_id: int, codes: list[str], headers=EN):
    data = {f"account-{user_id}-languages": codes}
    return desk.post(f"/coordinate/accounts/{user_id}/languages", data=data, headers=headers)


def stored(app, user_id: int) -> list[str]:
    with app.app_context():
        query = select(TranslatorLanguage.language).where(TranslatorLanguage.user_id == user_id)
        return sorted(db.session.scalars(query))


def test_a_coordinator_sets_and_changes_a_translators_languages(app, desk):
    tanya = create_user(app, "tanya@example.org", Role.TRANSLATOR)
    listing = desk.get("/coordinate/accounts/", headers=EN).text
    assert f'name="account-{tanya.id}-languages" type="checkbox" value="en"' in listing
    assert "no language yet" in listing
    saved = set_languages(desk, tanya.id, ["en", "de"])
    assert saved.status_code == 302
    assert stored(app, tanya.id) == ["de", "en"]
    page = desk.get("/coordinate/accounts/", headers=EN).text
    assert "tanya@example.org translates from: English, German." in page
    checked = re.findall(r'<input checked id="account-\d+-languages-\d+" [^>]*value="(\w+)"', page)
    assert checked == ["en", "de"]  # in the order of their English names
    set_languages(desk, tanya.id, ["fr"])
    assert stored(app, tanya.id) == ["fr"]
    set_languages(desk, tanya.id, [])
    assert stored(app, tanya.id) == []
    with app.app_context():
        details = db.session.scalars(
            select(AccountEvent.detail)
            .where(AccountEvent.action == AccountAction.LANGUAGES_SET)
            .order_by(AccountEvent.id)
        ).all()
    assert details == ["de,en", "fr", ""]
    audit = desk.get("/coordinate/accounts/audit", headers=EN).text
    assert "set the languages translated (English, German)" in audit
    assert "set the languages translated (none)" in audit


def test_saving_the_same_languages_records_nothing(app, desk):
    tanya = create_user(app, "tanya@example.org", Role.TRANSLATOR)
    set_languages(desk, tanya.id, ["en"])
    again = set_languages(desk, tanya.id, ["en"])
    assert "languages are unchanged" in desk.get(again.headers["Location"], headers=EN).text
    with app.app_context():
        count = db.session.scalars(
            select(AccountEvent).where(AccountEvent.action == AccountAction.LANGUAGES_SET)
        ).all()
    assert len(count) == 1


def test_a_volunteer_has_no_languages_and_a_made_up_language_is_refused(app, desk, volunteer):
    listing = desk.get("/coordinate/accounts/", headers=EN).text
    assert f'name="account-{volunteer.id}-languages"' not in listing
    refused = set_languages(desk, volunteer.id, ["en"])
    assert (
        "Only translators and coordinators translate letters."
        in desk.get(refused.headers["Location"], headers=EN).text
    )
    assert stored(app, volunteer.id) == []
    tanya = create_user(app, "tanya@example.org", Role.TRANSLATOR)
    assert set_languages(desk, tanya.id, ["xx"]).status_code == 400
    assert set_languages(desk, tanya.id + 100, ["en"]).status_code == 404
    assert stored(app, tanya.id) == []


def test_only_a_coordinator_sets_languages(app, volunteer):
    tanya = create_user(app, "tanya@example.org", Role.TRANSLATOR)
    client = app.test_client()
    AuthActions(client).login(tanya.email)
    assert set_languages(client, tanya.id, ["en"]).status_code == 403
    assert stored(app, tanya.id) == []


def test_the_languages_form_answers_in_russian(app, desk):
    tanya = create_user(app, "tanya@example.org", Role.TRANSLATOR)
    page = desk.get("/coordinate/accounts/", headers=RU).text
    assert "Переводит с языков" in page and "английский язык" in page
    done = set_languages(desk, tanya.id, ["en", "de"], headers=RU)
    page = desk.get(done.headers["Location"], headers=RU).text
    assert "Языки перевода для tanya@example.org: английский язык, немецкий язык." in page
