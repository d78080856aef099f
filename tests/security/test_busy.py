"""A writer who meets a locked SQLite database gets "try again in a moment", in their language."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy.engine import make_url

from letters import database
from letters.batches.models import QueuedLetter
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.extensions import db
from tests.conftest import SERVER_URL
from tests.writing.conftest import letter_form

pytestmark = pytest.mark.skipif(bool(SERVER_URL), reason="SQLite's database-wide write lock")


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Please try again in a moment"), ("ru", "Попробуйте ещё раз через минуту")],
)
def test_a_locked_database_is_a_friendly_503(make_app, database_url, monkeypatch, language, words):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)  # do not wait the full 10 s here
    app = make_app(WTF_CSRF_ENABLED=False)
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
    client = app.test_client()
    # A coordinator's long import holds the write lock.
    importer = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")
    try:
        response = client.post(
            "/prisoners/1/write", data={**letter_form(), "action": "queue"},
            headers={"Accept-Language": language},
        )  # fmt: skip
    finally:
        importer.execute("ROLLBACK")
        importer.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert words in response.text
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0
    # Once the lock is gone, the same letter goes through.
    again = client.post("/prisoners/1/write", data={**letter_form(), "action": "queue"})
    assert again.status_code == 302
