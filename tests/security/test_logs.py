"""No letter text, address, search query or client address in any log line the app writes."""

from __future__ import annotations

import logging
import threading
import urllib.request
from datetime import date

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.extensions import db
from tests.writing.conftest import letter_form

SECRET_TEXT = "Здравствуйте! Пишу Вам из Зябликова, у нас выпал первый снег."
WRITER = "Ксенофонтова"
CLIENT_IP = "198.51.100.23"
QUERY = "Тихомиров"


def _all_logged(caplog) -> str:
    return "\n".join(
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )


@pytest.fixture
def directory(app):
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())


def test_a_database_error_logs_no_letter_and_no_writer(app, client, directory, caplog):
    with app.app_context():
        # The queue's table vanishes: queueing a letter fails inside the database.
        db.session.execute(text("DROP TABLE letter_events"))
        # Later tables (an evening's letters) refer to it: PostgreSQL drops their keys too.
        cascade = " CASCADE" if db.engine.dialect.name == "postgresql" else ""
        db.session.execute(text(f"DROP TABLE queued_letters{cascade}"))
        db.session.commit()
    caplog.set_level(logging.DEBUG)
    form = letter_form(
        text=SECRET_TEXT, sender_name=f"Анна {WRITER}", sender_address=f"ул. {WRITER}а, 1"
    )
    response = client.post(
        "/prisoners/1/write", data={**form, "action": "queue"},
        environ_base={"REMOTE_ADDR": CLIENT_IP}, headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    logged = _all_logged(caplog)
    assert "unhandled error on POST /prisoners/1/write" in logged
    assert "sqlalchemy.exc." in logged and "SQL: INSERT INTO queued_letters" in logged, logged
    for secret in ("Зябликов", WRITER, CLIENT_IP):
        assert secret not in logged


def test_rate_limiting_logs_no_client_address(make_app, caplog):
    app = make_app(WTF_CSRF_ENABLED=False, LOGIN_RATE_LIMIT="1 per minute")
    client = app.test_client()
    caplog.set_level(logging.DEBUG)
    for _ in range(2):
        client.post("/login", data={"email": "x@example.org", "password": "wrong"},
                    environ_base={"REMOTE_ADDR": CLIENT_IP})  # fmt: skip
    logged = _all_logged(caplog)
    assert "ratelimit 1 per 1 minute" in logged  # the line is still written …
    assert CLIENT_IP not in logged  # … without who


def test_the_development_server_logs_no_client_address_or_query(app, caplog):
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    caplog.set_level(logging.INFO, logger="werkzeug")
    url = f"http://127.0.0.1:{server.server_port}/prisoners?q={urllib.parse.quote(QUERY)}"
    with urllib.request.urlopen(url) as response:
        assert response.status == 200
    thread.join()
    server.server_close()
    logged = _all_logged(caplog)
    assert '"GET /prisoners HTTP/1.1" 200' in logged
    assert "127.0.0.1" not in logged
    assert "q=" not in logged and urllib.parse.quote(QUERY) not in logged


def test_a_failed_job_logs_where_not_what(app, caplog):
    """The job queue logs a task's exception with its traceback: the message must not appear."""
    caplog.set_level(logging.DEBUG)
    try:
        raise ValueError(f"cannot address {WRITER}")
    except ValueError:
        logging.getLogger("huey").exception("Unhandled exception in task %s.", "t-1")
    logged = _all_logged(caplog)
    assert "Unhandled exception in task t-1." in logged
    assert "builtins.ValueError" in logged and "test_logs.py" in logged
    assert WRITER not in logged
