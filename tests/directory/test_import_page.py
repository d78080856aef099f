"""Coordinators import in the browser: a preview (the import itself, rolled back), then apply."""

from __future__ import annotations

import html
import io
import re

import pytest

from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner, PrisonerStatus
from letters.extensions import db
from tests.directory.test_import_export import KAMYSHIN_COLONY, mironov, write_rows

EN = {"Accept-Language": "en"}


@pytest.fixture
def coordinating(auth, coordinator, client):
    assert auth.login(coordinator.email).status_code == 302
    return client


def _csv(tmp_path, rows) -> bytes:
    path = tmp_path / "rows.csv"
    write_rows(path, rows)
    return path.read_bytes()


def _kind(html: str, kind: str) -> list[str]:
    found = re.search(rf'<ul data-kind="{kind}">(.*?)</ul>', html, re.S)
    return [n.strip() for n in re.findall(r"<li>([^<—]+)", found.group(1))] if found else []


def test_preview_shows_every_kind_of_change_and_writes_nothing(app, coordinating, tmp_path):
    with app.app_context():
        import_files(db.session, [SAMPLE_DIR / "perov.txt"])
    first = _csv(tmp_path, [mironov()])
    with app.app_context():
        path = tmp_path / "first.csv"
        path.write_bytes(first)
        import_files(db.session, [path])
    data = _csv(
        tmp_path,
        [
            mironov(status="colony", verified_on="2025-06-10", **KAMYSHIN_COLONY),  # transfer
            mironov(surname="Новиков", dative_name=""),  # new, dative declined
            {**mironov(surname="Орлов", dative_name="Орлову Сергею Геннадьевичу"),
             "status": "released", "verified_on": "2020-01-01"},  # new (released)
        ],
    )  # fmt: skip
    response = coordinating.post(
        "/coordinate/import/",
        data={"upload": (io.BytesIO(data), "update.csv"), "fmt": "", "preview": "Preview"},
        content_type="multipart/form-data",
        headers=EN,
    )
    assert response.status_code == 200, response.text
    assert _kind(response.text, "transfer") == ["Миронов Сергей Геннадьевич"]
    assert sorted(_kind(response.text, "new")) == [
        "Новиков Сергей Геннадьевич", "Орлов Сергей Геннадьевич"
    ]  # fmt: skip
    assert "Apply all the changes" in response.text
    with app.app_context():
        assert db.session.query(Prisoner).count() == 2  # a preview writes nothing
        assert db.session.query(Prisoner).filter_by(
            surname="Миронов"
        ).one().facility.kind.value == ("sizo")

    # Apply: the text and its format travel with the preview form.
    text = re.search(r'<textarea[^>]*name="text"[^>]*>\n?(.*?)</textarea>', response.text, re.S)
    applied = coordinating.post(
        "/coordinate/import/",
        data={"text": _unescape(text.group(1)), "fmt": "csv", "apply": "Apply"},
        headers=EN,
    )
    assert applied.status_code == 302
    with app.app_context():
        assert db.session.query(Prisoner).count() == 4
        moved = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        assert moved.facility.name == KAMYSHIN_COLONY["facility_name"]
        assert db.session.query(Prisoner).filter_by(surname="Новиков").one().dative_name == (
            "Новикову Сергею Геннадьевичу"
        )

    # Releases, corrections and rows older than the directory, from pasted JSON.
    pasted = (
        '[{"surname": "Миронов", "first_name": "Сергей", "patronymic": "Геннадьевич",'
        ' "dative_name": "Миронову Сергею Геннадьевичу", "birth_year": 1981,'
        ' "status": "released", "verified_on": "2025-09-01"},'
        ' {"surname": "Новиков", "first_name": "Сергей", "patronymic": "Геннадьевич",'
        ' "dative_name": "Новикову Сергею Геннадьевичу", "birth_year": 1981,'
        ' "status": "remand", "verified_on": "2020-01-01"},'
        ' {"surname": "Перов", "first_name": "Валерий", "dative_name": "Перову Валерию",'
        ' "name_latin": "Valery Perov", "birth_year": null, "summary": "Исправлено"}]'
    )
    preview = coordinating.post(
        "/coordinate/import/", data={"text": pasted, "fmt": "json", "preview": "1"}, headers=EN
    )
    assert _kind(preview.text, "release") == ["Миронов Сергей Геннадьевич"]
    assert _kind(preview.text, "skipped") == ["Новиков Сергей Геннадьевич"]
    assert "older than the directory" in preview.text
    ru = coordinating.post(
        "/coordinate/import/",
        data={"text": pasted, "fmt": "json", "preview": "1"},
        headers={"Accept-Language": "ru"},
    )
    assert "проверено 1 января 2020\u202fг., раньше, чем данные справочника" in ru.text
    assert "older than the directory" not in ru.text
    assert _kind(preview.text, "correction") == ["Перов Валерий"]
    with app.app_context():
        mironov_now = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        assert mironov_now.status is PrisonerStatus.COLONY


def test_one_refused_row_means_nothing_is_applied(app, coordinating, tmp_path):
    data = _csv(tmp_path, [mironov(), mironov(surname="Новиков", birth_year="18")])
    response = coordinating.post(
        "/coordinate/import/",
        data={"upload": (io.BytesIO(data), "bad.csv"), "apply": "Apply"},
        content_type="multipart/form-data",
        headers=EN,
    )
    assert response.status_code == 422
    refused = response.text[response.text.index('id="refused-rows"') :]
    assert "bad.csv:3: birth_year 18 is not a plausible year of birth" in refused
    assert "Apply all the changes" not in response.text
    with app.app_context():
        assert db.session.query(Prisoner).count() == 0
    empty = coordinating.post("/coordinate/import/", data={"preview": "1"}, headers=EN)
    assert empty.status_code == 422
    assert "Choose a file or paste the text to import." in empty.text
    binary = coordinating.post(
        "/coordinate/import/",
        data={"upload": (io.BytesIO(b"\xff\xfe\x00bad"), "x.csv"), "preview": "1"},
        content_type="multipart/form-data",
        headers=EN,
    )
    assert binary.status_code == 422
    assert "not UTF-8" in binary.text


def test_only_coordinators_import(client, auth, volunteer):
    assert client.get("/coordinate/import/").status_code == 302
    auth.login(volunteer.email)
    assert client.get("/coordinate/import/").status_code == 403


def _unescape(text: str) -> str:
    return html.unescape(text)
