"""Nothing twice in the directory: the coordinators' "new prisoner" and "new facility" forms,
sent twice (a double click, a resent request), make one record, and the second post lands on
the first one's page."""

from __future__ import annotations

import re
from datetime import date

import pytest

from letters.auth.models import Role
from letters.directory.models import Facility, FacilityChange, FacilityKind, Prisoner
from letters.extensions import db
from letters.once import new_token
from tests.conftest import AuthActions, create_user
from tests.directory.test_coordinator import (
    add_facility,
    add_prisoner,
    facility_form,
    prisoner_form,
)

EN = {"Accept-Language": "en"}


@pytest.fixture
def desk(app):
    """A coordinator's logged-in client."""
    create_user(app, "koordinator@example.org", Role.COORDINATOR)
    client = app.test_client()
    AuthActions(client).login("koordinator@example.org")
    return client


def _count(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


@pytest.mark.parametrize("page", ["/coordinate/prisoners/new", "/coordinate/facilities/new"])
def test_each_new_record_form_carries_a_fresh_token(desk, page):
    tokens = [re.search(r'name="once"[^>]*value="([^"]+)"', desk.get(page).text) for _ in range(2)]
    assert all(tokens) and tokens[0][1] != tokens[1][1]


def test_a_new_prisoner_sent_twice_is_one_record(app, desk):
    form = prisoner_form(once=new_token())
    first, second = (desk.post("/coordinate/prisoners/new", data=form) for _ in range(2))
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert re.fullmatch(r"/coordinate/prisoners/\d+", first.headers["Location"])
    assert _count(app, Prisoner) == 1 and _count(app, FacilityChange) == 1
    # Another person from a new form is a new record.
    desk.post("/coordinate/prisoners/new", data=prisoner_form(surname="Котов", once=new_token()))
    assert _count(app, Prisoner) == 2


def test_a_refused_prisoner_form_keeps_its_token_for_the_corrected_one(app, desk):
    form = prisoner_form(once=new_token())
    desk.post("/coordinate/prisoners/new", data=form)
    clash = desk.post("/coordinate/prisoners/new", data={**form, "once": new_token()})
    assert clash.status_code == 422  # the same person: refused, nothing written
    token = re.search(r'name="once"[^>]*value="([^"]+)"', clash.text)[1]
    corrected = desk.post("/coordinate/prisoners/new", data={**form, "once": token,
                                                             "birth_year": "1990"})  # fmt: skip
    assert corrected.status_code == 302
    assert _count(app, Prisoner) == 2


def test_a_new_facility_sent_twice_is_one_record(app, desk):
    form = facility_form(once=new_token())
    first, second = (desk.post("/coordinate/facilities/new", data=form) for _ in range(2))
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert _count(app, Facility) == 1


def test_a_transfer_sent_twice_is_one_row_of_history(app, desk):
    prisoner_id = add_prisoner(app, "Миронов", "Сергей", "Геннадьевич", 1981)
    sizo = add_facility(app, "ФКУ СИЗО-1 УФСИН России по Саратовской области",
                        kind=FacilityKind.SIZO, region="Саратовская область")  # fmt: skip
    before = _count(app, FacilityChange)
    form = {"destination": "facility", "facility": str(sizo), "on": date(2026, 12, 4).isoformat(),
            "note": "", "presumed": "", "once": new_token()}  # fmt: skip
    page = f"/coordinate/prisoners/{prisoner_id}/transfer"
    first, second = (desk.post(page, data=form) for _ in range(2))
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert _count(app, FacilityChange) == before + 1
