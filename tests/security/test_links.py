"""Only http(s) source links are stored or shown: forms, CSV and JSON import, old records."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from letters.directory.import_export import import_files
from letters.directory.models import Prisoner
from letters.extensions import db
from tests.directory.test_coordinator import prisoner_form
from tests.directory.test_import_export import mironov, write_rows

HOSTILE_LINKS = ["javascript:alert(1)", "javascript://x%0aalert(1)", "JAVASCRIPT://x/",
                 "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/",
                 "ftp://example.org/", "https://"]  # fmt: skip


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_the_coordinator_form_refuses_other_links(app, auth, coordinator, client, link):
    auth.login(coordinator.email)
    response = client.post(
        "/coordinate/prisoners/new", data=prisoner_form(source_url=link),
        headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Enter a full web address starting with https://." in response.text
    with app.app_context():
        assert db.session.query(Prisoner).count() == 0


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_imports_refuse_other_links(app, tmp_path, fmt):
    rows = [mironov(source_url=link, surname=f"Миронов{i}") for i, link in enumerate(HOSTILE_LINKS)]
    path = tmp_path / f"d.{fmt}"
    if fmt == "csv":
        write_rows(path, rows)
    else:
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with app.app_context():
        report = import_files(db.session, [path])
        assert db.session.query(Prisoner).count() == 0
    assert len(report.problems) == len(HOSTILE_LINKS)
    assert all("source_url must be a web address" in str(f) for f in report.problems)


def test_a_stored_javascript_link_is_never_shown_or_accepted_again(app, client, tmp_path):
    path = tmp_path / "d.csv"
    write_rows(path, [mironov()])
    with app.app_context():
        import_files(db.session, [path])
        # As a database from before this check might hold it.
        db.session.execute(text("UPDATE prisoners SET source_url = 'javascript:alert(1)'"))
        db.session.commit()
        prisoner = db.session.query(Prisoner).one()
        with pytest.raises(ValueError, match="http"):
            prisoner.source_url = "javascript:alert(2)"
        prisoner_id = prisoner.id
    page = client.get(f"/prisoners/{prisoner_id}")
    assert page.status_code == 200
    assert "javascript:" not in page.text
