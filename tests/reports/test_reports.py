"""Supporters report an inaccuracy; the report reaches the coordinators' attention list."""

from __future__ import annotations

from datetime import date

import pytest

from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner
from letters.extensions import db
from letters.reports.models import InaccuracyReport, ReportKind
from tests.conftest import csrf_token

EN = {"Accept-Language": "en"}


def _mironov(app) -> int:
    with app.app_context():
        import_files(db.session, [SAMPLE_DIR / "mironov.txt"], today=date.today())
        return db.session.query(Prisoner).one().id


@pytest.fixture
def mironov(app) -> int:
    return _mironov(app)


def test_a_supporter_reports_without_an_account_and_a_coordinator_sees_it(
    app, client, mironov, auth, coordinator
):
    page = client.get(f"/prisoners/{mironov}", headers=EN)
    assert f'href="/prisoners/{mironov}/report"' in page.text
    form = client.get(f"/prisoners/{mironov}/report", headers=EN)
    assert form.status_code == 200
    assert "The person has been transferred" in form.text

    response = client.post(
        f"/prisoners/{mironov}/report",
        data={"kind": "transferred", "note": "Письмо вернулось: выбыл в ИК-5"},
        headers=EN,
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/prisoners/{mironov}"
    with app.app_context():
        report = db.session.query(InaccuracyReport).one()
        assert (report.prisoner_id, report.kind, report.note) == (
            mironov, ReportKind.TRANSFERRED, "Письмо вернулось: выбыл в ИК-5"
        )  # fmt: skip
        report_id = report.id

    auth.login(coordinator.email)
    attention = client.get("/coordinate/", headers=EN).text
    section = attention[attention.index('id="attention-title"') :]
    assert "A supporter reports: The person has been transferred." in section
    listed = client.get("/coordinate/reports", headers=EN).text
    assert "Письмо вернулось: выбыл в ИК-5" in listed

    assert client.post(f"/coordinate/reports/{report_id}/handled").status_code == 302
    with app.app_context():
        assert db.session.get(InaccuracyReport, report_id).handled_at is not None
    attention = client.get("/coordinate/", headers=EN).text
    assert "A supporter reports" not in attention


def test_a_report_needs_a_kind_and_a_short_note(client, mironov):
    response = client.post(f"/prisoners/{mironov}/report", data={"note": "?"}, headers=EN)
    assert response.status_code == 422
    assert "Choose what is wrong." in response.text
    response = client.post(
        f"/prisoners/{mironov}/report", data={"kind": "other", "note": "я" * 1001}, headers=EN
    )
    assert response.status_code == 422
    assert "under 1000 characters" in response.text
    response = client.post(f"/prisoners/{mironov}/report", data={"kind": "free"}, headers=EN)
    assert response.status_code == 422
    assert client.post("/prisoners/99999/report", data={"kind": "other"}).status_code == 404


def test_reports_need_the_csrf_token_and_are_rate_limited(make_app):
    app = make_app(REPORT_RATE_LIMIT="2 per hour")
    prisoner_id = _mironov(app)
    client = app.test_client()
    refused = client.post(f"/prisoners/{prisoner_id}/report", data={"kind": "other"})
    assert refused.status_code == 400
    page = client.get(f"/prisoners/{prisoner_id}/report").text
    token = csrf_token(page)
    statuses = [
        client.post(
            f"/prisoners/{prisoner_id}/report", data={"kind": "other", "csrf_token": token}
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    with app.app_context():
        assert db.session.query(InaccuracyReport).count() == 2


def test_only_coordinators_see_reports(client, auth, volunteer):
    assert client.get("/coordinate/reports").status_code == 302
    auth.login(volunteer.email)
    assert client.get("/coordinate/reports").status_code == 403
