"""Coordinator pages: only coordinators get in, and every change keeps the directory consistent."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import select

from letters.auth.models import Role
from letters.batches.models import QueuedLetter
from letters.directory.keys import fold, identity_key, names_search_key
from letters.directory.models import (
    Facility,
    FacilityChange,
    FacilityKind,
    Prisoner,
    PrisonerStatus,
)
from letters.extensions import db
from tests.conftest import PASSWORD, create_user, csrf_token

EN = {"Accept-Language": "en"}
TODAY = date.today()


def add_facility(app, name: str, **fields) -> int:
    with app.app_context():
        facility = Facility(name=name, **fields)
        db.session.add(facility)
        db.session.commit()
        return facility.id


def add_prisoner(app, surname, first_name, patronymic=None, year=None, **fields) -> int:
    with app.app_context():
        history = fields.pop("history", [])
        prisoner = Prisoner(
            surname=surname,
            first_name=first_name,
            patronymic=patronymic,
            birth_year=year,
            dative_name=fields.pop("dative_name", f"{surname}у {first_name}у"),
            **fields,
        )
        prisoner.history.extend(history)
        db.session.add(prisoner)
        db.session.commit()
        return prisoner.id


def prisoner_form(**changes) -> dict:
    """A complete, valid edit form; ``changes`` override fields."""
    data = {
        "surname": "Миронов",
        "first_name": "Сергей",
        "patronymic": "Геннадьевич",
        "dative_name": "",
        "name_latin": "Mironov Sergei",
        "gender": "",
        "birth_year": "1981",
        "birth_date": "",
        "status": "colony",
        "verified_on": "",
        "source_url": "",
        "services": ["zt"],
        "summary": "",
        "interests": "",
        "submit": "Save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def facility_form(**changes) -> dict:
    data = {
        "kind": "sizo",
        "name": "ФКУ СИЗО-2 УФСИН России по Волгоградской области",
        "region": "Волгоградская область",
        "postcode": "403882",
        "district": "",
        "locality": "г. Камышин",
        "street": "ул. Рабочая",
        "house": "38",
        "building": "",
        "name_en": "",
        "address_en": "",
        "submit": "Save",
    }
    data.update(changes)
    return data


@pytest.fixture
def coordinating(auth, coordinator, client):
    """The test client, logged in as a coordinator."""
    response = auth.login(coordinator.email)
    assert response.status_code == 302
    return client


@pytest.fixture
def colony(app) -> int:
    return add_facility(
        app,
        "ФКУ ИК-5 УФСИН России по Волгоградской области",
        kind=FacilityKind.IK,
        region="Волгоградская область",
        postcode="403343",
        locality="г. Михайловка",
    )


@pytest.fixture
def sizo(app) -> int:
    return add_facility(
        app,
        "ФКУ СИЗО-1 УФСИН России по Саратовской области",
        kind=FacilityKind.SIZO,
        region="Саратовская область",
        postcode="410002",
        locality="г. Саратов",
    )


PAGES = [
    "/coordinate/",
    "/coordinate/prisoners/new",
    "/coordinate/prisoners/1",
    "/coordinate/prisoners/1/transfer",
    "/coordinate/facilities/new",
    "/coordinate/facilities/1",
    "/coordinate/merge",
]
FORMS = [p for p in PAGES if p != "/coordinate/"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    if path in FORMS:
        assert client.post(path, data={}).status_code == 302


@pytest.mark.parametrize("path", PAGES)
def test_volunteers_are_refused(client, auth, volunteer, path):
    auth.login(volunteer.email)
    assert client.get(path).status_code == 403
    if path in FORMS:
        assert client.post(path, data={}).status_code == 403


def test_attention_list_shows_what_needs_a_look(app, coordinating, colony):
    flagged = add_prisoner(
        app,
        "Петров",
        "Пётр",
        year=1990,
        needs_review="name_from_latin",
        status=PrisonerStatus.UNKNOWN,
    )
    fresh = add_prisoner(
        app, "Сидоров", "Олег", year=1975, status=PrisonerStatus.COLONY, facility_id=colony,
        verified_on=TODAY,
    )  # fmt: skip
    stale = add_prisoner(
        app, "Кузнецов", "Антон", year=1988, status=PrisonerStatus.COLONY, facility_id=colony,
        verified_on=TODAY - timedelta(days=120),
    )  # fmt: skip
    moved = add_prisoner(app, "Орлов", "Илья", status=PrisonerStatus.TRANSFERRED)
    presumed = add_prisoner(
        app, "Волков", "Ян", status=PrisonerStatus.REMAND, facility_id=colony,
        verified_on=TODAY, address_presumed=True, needs_review="presumed_address",
    )  # fmt: skip

    page = coordinating.get("/coordinate/", headers=EN)
    assert page.status_code == 200
    rows = dict(re.findall(r'<tr data-prisoner="(\d+)">(.*?)</tr>', page.text, re.S))
    assert set(rows) == {str(flagged), str(stale), str(moved), str(presumed)}
    assert str(fresh) not in rows
    assert "The Russian name was guessed from the English spelling." in rows[str(flagged)]
    assert "The address was last checked 120 days ago." in rows[str(stale)]
    assert "Transferred, new address unknown" in rows[str(moved)]
    # Flagged by the importer and by the record itself: said once.
    assert rows[str(presumed)].count("The address is presumed, not confirmed.") == 1
    assert f'href="/coordinate/prisoners/{flagged}"' in rows[str(flagged)]
    # Links to add a prisoner, and the list of facilities.
    assert 'href="/coordinate/prisoners/new"' in page.text
    assert f'href="/coordinate/facilities/{colony}"' in page.text


def test_edit_fills_the_dative_by_declension_and_keeps_the_keys_in_step(app, coordinating):
    prisoner_id = add_prisoner(app, "Миронов", "Сергей", year=1980, status=PrisonerStatus.COLONY)
    page = coordinating.get(f"/coordinate/prisoners/{prisoner_id}", headers=EN)
    assert "Leave it empty to have it filled in by declining the full name" in page.text

    response = coordinating.post(
        f"/coordinate/prisoners/{prisoner_id}", data=prisoner_form(), headers=EN
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/coordinate/prisoners/{prisoner_id}"
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        assert prisoner.dative_name == "Миронову Сергею Геннадьевичу"
        assert prisoner.patronymic == "Геннадьевич"
        assert prisoner.birth_year == 1981
        assert prisoner.services == ["zt"]
        assert prisoner.identity_key == identity_key("Миронов", "Сергей", "Геннадьевич", 1981)
        assert prisoner.search_key == names_search_key(prisoner.full_name, prisoner.name_latin)
        assert prisoner.history == []  # the status did not change
    page = coordinating.get(f"/coordinate/prisoners/{prisoner_id}", headers=EN)
    assert "filled in by declension: «Миронову Сергею Геннадьевичу»" in page.text
    # Search sees the new Latin spelling at once.
    found = coordinating.get("/api/v1/prisoners?q=Mironov").json["prisoners"]
    assert [p["id"] for p in found] == [prisoner_id]


def test_a_typed_dative_is_kept_as_typed(app, coordinating):
    prisoner_id = add_prisoner(app, "Миронов", "Сергей", year=1981)
    form = prisoner_form(dative_name="Миронову С. Г.")
    assert coordinating.post(f"/coordinate/prisoners/{prisoner_id}", data=form).status_code == 302
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id).dative_name == "Миронову С. Г."


def test_identity_collision_is_a_form_error_pointing_to_the_merge_page(app, coordinating):
    existing = add_prisoner(app, "Миронов", "Сергей", "Геннадьевич", 1981)
    other = add_prisoner(app, "Миронов", "Семён", "Геннадьевич", 1981)
    response = coordinating.post(f"/coordinate/prisoners/{other}", data=prisoner_form(), headers=EN)
    assert response.status_code == 422
    assert f"Another record, No. {existing} (Миронов Сергей Геннадьевич)" in response.text
    assert f'href="/coordinate/merge?first={other}&amp;second={existing}"' in response.text
    with app.app_context():
        assert db.session.get(Prisoner, other).first_name == "Семён"


def test_adding_a_known_person_points_to_their_record(app, coordinating):
    existing = add_prisoner(app, "Миронов", "Сергей", "Геннадьевич", 1981)
    response = coordinating.post("/coordinate/prisoners/new", data=prisoner_form(), headers=EN)
    assert response.status_code == 422
    assert f'href="/coordinate/prisoners/{existing}"' in response.text
    with app.app_context():
        assert db.session.query(Prisoner).count() == 1


def test_bad_birth_year_is_a_field_error_and_keeps_what_was_typed(app, coordinating):
    prisoner_id = add_prisoner(app, "Миронов", "Сергей", year=1980)
    form = prisoner_form(
        birth_year="19x1", surname="Миронов-Новый", summary="Журналист из Камышина"
    )
    response = coordinating.post(f"/coordinate/prisoners/{prisoner_id}", data=form, headers=EN)
    assert response.status_code == 422
    errors = re.search(r'<ul class="errors" id="birth_year-errors">(.*?)</ul>', response.text, re.S)
    assert "Enter the year of birth as four digits, e.g. 1981." in errors.group(1)
    assert 'value="19x1"' in response.text
    assert 'value="Миронов-Новый"' in response.text
    assert "Журналист из Камышина</textarea>" in response.text
    assert (
        '<input checked id="services-0" name="services" type="checkbox" value="zt">'
        in response.text
    )
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id).surname == "Миронов"

    response = coordinating.post(
        f"/coordinate/prisoners/{prisoner_id}", data=prisoner_form(birth_year="1850"), headers=EN
    )
    assert response.status_code == 422
    assert f"Enter a year of birth from 1900 to {TODAY.year}." in response.text


def test_a_status_changed_on_the_edit_page_is_in_the_history(app, coordinating):
    prisoner_id = add_prisoner(app, "Миронов", "Сергей", "Геннадьевич", 1981)
    form = prisoner_form(status="released", dative_name="Миронову Сергею Геннадьевичу")
    assert coordinating.post(f"/coordinate/prisoners/{prisoner_id}", data=form).status_code == 302
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        assert prisoner.status is PrisonerStatus.RELEASED
        assert [(c.status, c.changed_on) for c in prisoner.history] == [
            (PrisonerStatus.RELEASED, TODAY)
        ]


def test_new_prisoner_and_the_reviewed_action(app, coordinating):
    response = coordinating.post("/coordinate/prisoners/new", data=prisoner_form(status="unknown"))
    assert response.status_code == 302
    with app.app_context():
        prisoner = db.session.scalar(select(Prisoner))
        prisoner_id = prisoner.id
        assert prisoner.dative_name == "Миронову Сергею Геннадьевичу"
        assert [c.status for c in prisoner.history] == [PrisonerStatus.UNKNOWN]
        prisoner.needs_review = "no_patronymic"
        db.session.commit()
    page = coordinating.get(f"/coordinate/prisoners/{prisoner_id}", headers=EN)
    assert "The patronymic is not known." in page.text
    form = prisoner_form(status="unknown", submit=None, submit_reviewed="Save and mark as reviewed")
    assert coordinating.post(f"/coordinate/prisoners/{prisoner_id}", data=form).status_code == 302
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id).needs_review is None


def test_facility_postcode_must_be_six_digits(app, coordinating):
    response = coordinating.post(
        "/coordinate/facilities/new", data=facility_form(postcode="40388"), headers=EN
    )
    assert response.status_code == 422
    errors = re.search(r'<ul class="errors" id="postcode-errors">(.*?)</ul>', response.text, re.S)
    assert "A Russian postcode is six digits" in errors.group(1)
    assert 'value="ул. Рабочая"' in response.text
    with app.app_context():
        assert db.session.query(Facility).count() == 0


def test_facility_region_mismatch_is_a_warning_not_a_block(app, coordinating):
    form = facility_form(region="Московская область", services=["zt", "fsin_pismo"])
    response = coordinating.post("/coordinate/facilities/new", data=form, headers=EN)
    assert response.status_code == 302
    with app.app_context():
        facility = db.session.scalar(select(Facility))
        assert facility.name == "ФКУ СИЗО-2 УФСИН России по Волгоградской области"
        assert facility.name_key == fold(facility.name)
        assert facility.kind is FacilityKind.SIZO
        assert facility.postcode == "403882"
        assert facility.services == ["fsin_pismo", "zt"]
    page = coordinating.get(response.headers["Location"], headers=EN)
    assert 'data-warning="postcode_region"' in page.text
    assert "The postcode 403882 belongs to Волгоградская область" in page.text


def test_matching_postcode_gives_no_warning(coordinating):
    response = coordinating.post("/coordinate/facilities/new", data=facility_form())
    page = coordinating.get(response.headers["Location"], headers=EN)
    assert 'data-warning="postcode_region"' not in page.text


def test_the_same_facility_twice_is_a_form_error(app, coordinating):
    assert coordinating.post("/coordinate/facilities/new", data=facility_form()).status_code == 302
    response = coordinating.post("/coordinate/facilities/new", data=facility_form(), headers=EN)
    assert response.status_code == 422
    assert "already in the directory" in response.text
    with app.app_context():
        assert db.session.query(Facility).count() == 1


def test_pasted_address_fills_the_facility_form_without_saving(app, coordinating):
    text = (
        "ФКУ СИЗО-2 УФСИН России по Волгоградской области\n"
        "ул. Рабочая, д. 38\nг. Камышин\nВолгоградская область\n403882"
    )
    response = coordinating.post(
        "/coordinate/facilities/new",
        data={"paste-text": text, "paste-fill": "Fill in"},
        headers=EN,
    )
    assert response.status_code == 200
    assert 'value="403882"' in response.text
    assert 'value="ул. Рабочая"' in response.text
    assert 'value="ФКУ СИЗО-2 УФСИН России по Волгоградской области"' in response.text
    assert '<option selected value="sizo">' in response.text
    with app.app_context():
        assert db.session.query(Facility).count() == 0


def test_pasted_address_shows_the_words_not_understood(app, coordinating):
    text = "ФКУ ИК-6, УФСИН России по Омской области, г. Омск, ул. Лесная, д. 1, 644000, 12-15 лет"
    response = coordinating.post(
        "/coordinate/facilities/new",
        data={"paste-text": text, "paste-fill": "Fill in"},
        headers=EN,
    )
    assert response.status_code == 200
    assert "These words of the address were not understood: «12-15 лет»" in response.text
    # The facility name published with a comma is kept whole.
    assert 'value="ФКУ ИК-6, УФСИН России по Омской области"' in response.text


def test_transfer_to_another_facility(app, coordinating, colony, sizo):
    prisoner_id = add_prisoner(
        app, "Миронов", "Сергей", year=1981, status=PrisonerStatus.COLONY, facility_id=colony,
        address_presumed=True,
        history=[FacilityChange(facility_id=colony, status=PrisonerStatus.COLONY,
                                changed_on=date(2023, 1, 10), note="transfer")],
    )  # fmt: skip
    on = TODAY - timedelta(days=3)
    response = coordinating.post(
        f"/coordinate/prisoners/{prisoner_id}/transfer",
        data={
            "destination": "facility", "facility": str(sizo), "on": on.isoformat(),
            "note": "Письмо от адвоката", "presumed": "",
        },
    )  # fmt: skip
    assert response.status_code == 302
    page = coordinating.get(response.headers["Location"], headers=EN)
    # The notice, in the language of the request that recorded it (Russian), with no ISO date.
    # The date's own «г.» ends the sentence: no second full stop.
    assert f", {format_date(on, 'long', locale='ru')}<" in page.text
    history = re.search(r'<table id="history">(.*?)</table>', page.text, re.S).group(1)
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", history, re.S).group(1)
    assert on.isoformat() in first_row
    assert "Письмо от адвоката" in first_row
    assert "ФКУ СИЗО-1 УФСИН России по Саратовской области" in first_row
    assert "2023-01-10" in history  # the earlier entry stays
    # Notes the import stored as codes, and dates, are shown in the page's language.
    ru = coordinating.get(response.headers["Location"], headers={"Accept-Language": "ru"}).text
    earlier = re.search(r'<table id="history">(.*?)</table>', ru, re.S).group(1)
    assert "<td>перевод</td>" in earlier and "10 янв. 2023\u202fг." in earlier
    assert ">transfer<" not in earlier
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        assert prisoner.facility_id == sizo
        assert prisoner.status is PrisonerStatus.REMAND
        assert prisoner.verified_on == on
        assert prisoner.address_presumed is False
        assert [(c.facility_id, c.changed_on) for c in prisoner.history] == [
            (colony, date(2023, 1, 10)), (sizo, on),
        ]  # fmt: skip
    card = coordinating.get(f"/api/v1/prisoners/{prisoner_id}").json
    assert card["facility"] == "ФКУ СИЗО-1 УФСИН России по Саратовской области"
    assert card["status"] == "remand"
    assert card["postcode"] == "410002"
    assert card["verified_on"] == on.isoformat()


def test_transfer_to_an_unknown_address(app, coordinating, colony):
    prisoner_id = add_prisoner(
        app, "Миронов", "Сергей", status=PrisonerStatus.COLONY, facility_id=colony
    )
    data = {"destination": "unknown", "on": TODAY.isoformat(), "note": ""}
    assert (
        coordinating.post(f"/coordinate/prisoners/{prisoner_id}/transfer", data=data).status_code
        == 302
    )
    card = coordinating.get(f"/api/v1/prisoners/{prisoner_id}").json
    assert card["status"] == "transferred"
    assert card["facility"] is None
    assert card["can_post"] is False


def test_record_a_release(app, coordinating, colony):
    prisoner_id = add_prisoner(
        app, "Миронов", "Сергей", status=PrisonerStatus.COLONY, facility_id=colony
    )
    data = {"destination": "released", "on": "2024-05-02", "note": "Срок окончен"}
    response = coordinating.post(f"/coordinate/prisoners/{prisoner_id}/transfer", data=data)
    assert response.status_code == 302
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        assert prisoner.status is PrisonerStatus.RELEASED
        assert prisoner.facility_id is None
        change = prisoner.history[-1]
        assert (change.status, change.changed_on, change.note) == (
            PrisonerStatus.RELEASED, date(2024, 5, 2), "Срок окончен",
        )  # fmt: skip
    card = coordinating.get(f"/api/v1/prisoners/{prisoner_id}").json
    assert card["status"] == "released"
    assert [n["code"] for n in card["notices"]] == ["released"]


def test_transfer_form_errors(app, coordinating, colony):
    prisoner_id = add_prisoner(app, "Миронов", "Сергей")
    data = {"destination": "facility", "facility": "", "on": "2024-13-40", "note": "x"}
    response = coordinating.post(
        f"/coordinate/prisoners/{prisoner_id}/transfer", data=data, headers=EN
    )
    assert response.status_code == 422
    assert "Choose the facility the person was moved to." in response.text
    assert "Enter the date as YYYY-MM-DD" in response.text
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id).history == []


def test_merge_moves_history_fills_gaps_and_deletes_the_duplicate(app, coordinating, colony):
    keep = add_prisoner(
        app, "Иванов", "Иван", "Иванович", summary="Кратко", services=["zt"],
        history=[FacilityChange(status=PrisonerStatus.UNKNOWN, changed_on=date(2022, 5, 1))],
    )  # fmt: skip
    drop = add_prisoner(
        app, "Иванов", "Иван", "Иванович", 1980, name_latin="Ivanov Ivan", summary="Другое",
        services=["ovd_info"], status=PrisonerStatus.COLONY, facility_id=colony,
        verified_on=date(2024, 2, 1),
        history=[
            FacilityChange(status=PrisonerStatus.REMAND, changed_on=date(2022, 6, 1)),
            FacilityChange(facility_id=colony, status=PrisonerStatus.COLONY,
                           changed_on=date(2023, 3, 1), note="этап"),
        ],
    )  # fmt: skip
    with app.app_context():
        letter = QueuedLetter(prisoner_id=drop, text="Здравствуйте!")
        db.session.add(letter)
        db.session.commit()
        letter_id = letter.id

    page = coordinating.get(f"/coordinate/merge?first={keep}&second={drop}", headers=EN)
    assert page.status_code == 200
    compare = re.search(r'<table id="compare">(.*?)</table>', page.text, re.S).group(1)
    assert "Кратко" in compare
    assert "Другое" in compare
    assert "Ivanov Ivan" in compare

    response = coordinating.post(
        "/coordinate/merge",
        data={"first": str(keep), "second": str(drop), "keep": str(keep), "submit": "Merge"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/coordinate/prisoners/{keep}"
    with app.app_context():
        assert db.session.get(Prisoner, drop) is None
        kept = db.session.get(Prisoner, keep)
        assert [c.changed_on for c in kept.history] == [
            date(2022, 5, 1), date(2022, 6, 1), date(2023, 3, 1),
        ]  # fmt: skip
        assert db.session.query(FacilityChange).count() == 3
        assert kept.summary == "Кратко"  # its own value wins
        assert kept.name_latin == "Ivanov Ivan"
        assert kept.birth_year == 1980
        assert kept.identity_key == identity_key("Иванов", "Иван", "Иванович", 1980)
        assert kept.facility_id == colony
        assert kept.status is PrisonerStatus.COLONY
        assert kept.verified_on == date(2024, 2, 1)
        assert kept.services == ["ovd_info", "zt"]
        assert db.session.get(QueuedLetter, letter_id).prisoner_id == keep
    found = coordinating.get("/api/v1/prisoners?q=Ivanov").json["prisoners"]
    assert [p["id"] for p in found] == [keep]


def test_merge_needs_two_different_records(app, coordinating):
    one = add_prisoner(app, "Иванов", "Иван")
    page = coordinating.get(
        f"/coordinate/merge?q=Иванов&first={one}&second={one}&compare=1", headers=EN
    )
    assert "Choose two different records." in page.text
    response = coordinating.post(
        "/coordinate/merge", data={"first": str(one), "second": str(one), "keep": str(one)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Prisoner, one) is not None


def test_merge_search_lists_candidates_in_two_columns(app, coordinating):
    one = add_prisoner(app, "Иванов", "Иван", year=1980)
    two = add_prisoner(app, "Иванов", "Иван", year=1981)
    page = coordinating.get(f"/coordinate/merge?first={one}", headers=EN)
    for column in ("first", "second"):
        for prisoner_id in (one, two):
            assert f'id="{column}-{prisoner_id}"' in page.text
    assert re.search(rf'id="first-{one}" value="{one}"\s*checked', page.text)


def test_coordinator_forms_need_a_csrf_token(make_app):
    app = make_app()  # CSRF on, as in production
    create_user(app, "c@example.org", Role.COORDINATOR)
    client = app.test_client()
    login = client.get("/login").text
    client.post(
        "/login",
        data={"email": "c@example.org", "password": PASSWORD, "csrf_token": csrf_token(login)},
    )
    assert client.get("/coordinate/").status_code == 200

    data = prisoner_form()
    assert client.post("/coordinate/prisoners/new", data=data).status_code == 400
    assert client.post("/coordinate/facilities/new", data=facility_form()).status_code == 400
    with app.app_context():
        assert db.session.query(Prisoner).count() == 0
        assert db.session.query(Facility).count() == 0

    page = client.get("/coordinate/prisoners/new").text
    response = client.post(
        "/coordinate/prisoners/new", data={**data, "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Prisoner).count() == 1

    # The paste form has a prefix, and its own token.
    page = client.get("/coordinate/facilities/new").text
    token = csrf_token(page, prefix="paste-")
    paste = {"paste-text": "403882, г. Камышин, ул. Рабочая, д. 38", "paste-fill": "Fill in"}
    assert client.post("/coordinate/facilities/new", data=paste).status_code == 400
    response = client.post("/coordinate/facilities/new", data={**paste, "paste-csrf_token": token})
    assert response.status_code == 200
    assert 'value="403882"' in response.text
