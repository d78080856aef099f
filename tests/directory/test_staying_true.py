"""A directory that stays true: imports never move backwards or undo a coordinator's work."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Facility, Prisoner, PrisonerStatus
from letters.directory.records import PrisonerRecord
from letters.extensions import db
from tests.directory.test_import_export import KAMYSHIN_COLONY, VOLGOGRAD_SIZO, mironov, write_rows

EN = {"Accept-Language": "en"}


@pytest.fixture
def coordinating(auth, coordinator, client):
    """The test client, logged in as a coordinator."""
    assert auth.login(coordinator.email).status_code == 302
    return client


def _one(app, surname: str) -> Prisoner:
    return db.session.scalars(select(Prisoner).where(Prisoner.surname == surname)).one()


def test_an_older_record_changes_nothing_and_says_why(app, tmp_path, runner):
    newer, older = tmp_path / "newer.csv", tmp_path / "older.csv"
    write_rows(newer, [mironov(status="colony", verified_on="2025-06-10", **KAMYSHIN_COLONY)])
    write_rows(older, [mironov(verified_on="2025-03-01", summary="Старое", **VOLGOGRAD_SIZO)])
    with app.app_context():
        import_files(db.session, [newer])
        report = import_files(db.session, [older])
        assert report.outcomes["skipped"] == 1
        [skipped] = report.skipped
        assert "March 1, 2025" in str(skipped.note) and "June 10, 2025" in str(skipped.note)
        prisoner = _one(app, "Миронов")
        assert prisoner.facility.name == KAMYSHIN_COLONY["facility_name"]
        assert prisoner.verified_on == date(2025, 6, 10)
        assert prisoner.summary is None
        assert len(prisoner.history) == 1
    result = runner.invoke(args=["directory", "import", str(older)])
    assert result.exit_code == 0, result.output
    assert "skipped: " in result.output
    assert "older than the directory's June 10, 2025" in result.output


def test_reloading_the_sample_keeps_a_coordinators_edits(app, coordinating, runner):
    assert runner.invoke(args=["directory", "load-sample"]).exit_code == 0
    with app.app_context():
        perov = _one(app, "Перов").id
    form = {
        "surname": "Перов", "first_name": "Валерий", "patronymic": "Викторович",
        "dative_name": "Перову Валерию Викторовичу", "name_latin": "Valery Perov", "gender": "m",
        "birth_year": "", "birth_date": "", "status": "unknown", "verified_on": "",
        "source_url": "", "summary": "Проверено координатором", "interests": "шахматы",
        "submit_reviewed": "Save",
    }  # fmt: skip
    response = coordinating.post(f"/coordinate/prisoners/{perov}", data=form)
    assert response.status_code == 302, response.text

    result = runner.invoke(args=["directory", "load-sample"])
    assert result.exit_code == 0, result.output
    assert "kept the coordinator's edits" in result.output
    assert "name in the dative" in result.output and "dative_name" not in result.output
    with app.app_context():
        assert db.session.query(Prisoner).count() == 2  # the renamed Perov was found again
        edited = db.session.get(Prisoner, perov)
        assert edited.patronymic == "Викторович"
        assert edited.dative_name == "Перову Валерию Викторовичу"
        assert edited.summary == "Проверено координатором"
        assert edited.interests == "шахматы"
        assert edited.needs_review is None


def test_a_transfer_survives_reloading_pages_but_yields_to_newer_dated_data(
    app, coordinating, tmp_path
):
    today = date.today()
    with app.app_context():
        import_files(db.session, [SAMPLE_DIR / "mironov.txt"], today=today)
        mironov_id = _one(app, "Миронов").id
        colony = Facility(name=KAMYSHIN_COLONY["facility_name"])
        db.session.add(colony)
        db.session.commit()
        colony_id = colony.id
    response = coordinating.post(
        f"/coordinate/prisoners/{mironov_id}/transfer",
        data={"destination": "facility", "facility": str(colony_id), "on": today.isoformat(),
              "note": "", "submit": "Record"},
    )  # fmt: skip
    assert response.status_code == 302, response.text

    with app.app_context():
        # The same page read again, even days later, is not newer news than the coordinator's.
        report = import_files(
            db.session, [SAMPLE_DIR / "mironov.txt"], today=today + timedelta(days=3)
        )
        assert (
            report.outcomes["skipped"] + report.outcomes["unchanged"] + report.outcomes["updated"]
            == 1
        )
        prisoner = db.session.get(Prisoner, mironov_id)
        assert prisoner.facility_id == colony_id
        assert prisoner.verified_on == today
        assert prisoner.status is PrisonerStatus.COLONY

    newer = tmp_path / "newer.csv"
    later = today + timedelta(days=10)
    write_rows(newer, [mironov(verified_on=later.isoformat(), **VOLGOGRAD_SIZO)])
    with app.app_context():
        report = import_files(db.session, [newer])
        assert report.outcomes["transferred"] == 1
        prisoner = db.session.get(Prisoner, mironov_id)
        assert prisoner.facility.name == VOLGOGRAD_SIZO["facility_name"]
        assert prisoner.verified_on == later


def test_an_empty_dative_is_declined_and_an_unsure_one_flagged(app, tmp_path):
    record = PrisonerRecord.from_flat(mironov(dative_name="", gender=""))
    assert record.dative_name == "Миронову Сергею Геннадьевичу"
    assert "dative_uncertain" not in (record.needs_review or "")

    path = tmp_path / "rows.json"
    path.write_text(
        '[{"surname": "Ким", "first_name": "Саша", "dative_name": "", "birth_year": 1990},'
        ' {"surname": "Иванова", "first_name": "Мария", "patronymic": "Петровна"}]',
        encoding="utf-8",
    )
    with app.app_context():
        report = import_files(db.session, [path])
        assert report.outcomes["created"] == 2, report.problems
        kim = _one(app, "Ким")
        assert kim.dative_name.endswith("Саше")
        assert "dative_uncertain" in kim.needs_review
        ivanova = _one(app, "Иванова")
        assert ivanova.dative_name == "Ивановой Марии Петровне"
        assert not ivanova.needs_review


def test_likely_duplicates_are_flagged_and_offered_for_merging(app, tmp_path, coordinating):
    path = tmp_path / "rows.csv"
    write_rows(
        path,
        [
            mironov(),
            mironov(patronymic="", dative_name="Миронову Сергею", verified_on="2025-04-01"),
            mironov(patronymic="", first_name="Семён", dative_name="Миронову Семёну"),
            mironov(patronymic="", birth_year="1982", dative_name="Миронову Сергею"),
        ],
    )
    with app.app_context():
        report = import_files(db.session, [path])
        assert report.outcomes["created"] == 4
        flagged = db.session.scalars(
            select(Prisoner).where(Prisoner.needs_review.contains("likely_duplicate"))
        ).all()
        assert [(p.first_name, p.patronymic, p.birth_year) for p in flagged] == [
            ("Сергей", None, 1981)
        ]
        full = db.session.scalars(select(Prisoner).where(Prisoner.patronymic.is_not(None))).one()
        pair = (full.id, flagged[0].id)
    page = coordinating.get("/coordinate/merge", headers=EN)
    assert page.status_code == 200
    section = page.text[page.text.index('id="likely-duplicates"') :]
    assert f"first={pair[0]}&amp;second={pair[1]}" in section
    assert section.count("<li>") == 1
    attention = coordinating.get("/coordinate/", headers=EN).text
    assert "perhaps the same person" in attention


def test_a_merged_away_record_redirects_and_its_id_is_never_reused(app, coordinating, client):
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
        ids = sorted(p.id for p in db.session.query(Prisoner))
    keep, drop = ids  # drop is the newest record: SQLite would hand its id out again
    response = coordinating.post(
        "/coordinate/merge",
        data={"first": str(keep), "second": str(drop), "keep": str(keep), "submit": "Merge"},
    )
    assert response.status_code == 302
    old = client.get(f"/prisoners/{drop}")
    assert old.status_code == 301
    assert old.headers["Location"] == f"/prisoners/{keep}"
    assert client.get("/prisoners/99999").status_code == 404
    api = client.get(f"/api/v1/prisoners/{drop}")
    assert api.status_code == 301
    assert api.headers["Location"].endswith(f"/api/v1/prisoners/{keep}")

    with app.app_context():
        newcomer = PrisonerRecord.from_flat(mironov(surname="Новиков", dative_name=""))
        from letters.directory.store import upsert_prisoner

        created = upsert_prisoner(db.session, newcomer).prisoner
        db.session.commit()
        assert created.id > drop
    assert client.get(f"/prisoners/{drop}").status_code == 301


def test_the_card_shows_earlier_addresses_and_the_api_carries_them(app, client, tmp_path):
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    write_rows(before, [mironov()])
    write_rows(after, [mironov(status="colony", verified_on="2025-06-10", **KAMYSHIN_COLONY)])
    with app.app_context():
        import_files(db.session, [before])
        import_files(db.session, [after])
        prisoner = _one(app, "Миронов")
        pid, colony_id = prisoner.id, prisoner.facility_id
    page = client.get(f"/prisoners/{pid}", headers=EN)
    history = page.text[page.text.index('id="address-history"') :]
    assert VOLGOGRAD_SIZO["facility_name"] in history
    assert "from March 1, 2025 to June 10, 2025" in history  # dates in words, never ISO
    assert "Last checked: June 10, 2025 (" in page.text

    card = client.get(f"/api/v1/prisoners/{pid}").json
    assert card["facility_id"] == colony_id
    assert [(h["facility"], h["since"], h["until"]) for h in card["history"]] == [
        (KAMYSHIN_COLONY["facility_name"], "2025-06-10", None),
        (VOLGOGRAD_SIZO["facility_name"], "2025-03-01", "2025-06-10"),
    ]
    assert card["history"][0]["facility_id"] == colony_id
