"""Real Chromium against gunicorn over HTTPS (a self-signed certificate made for the test)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from letters.auth.models import Role
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.extensions import db
from tests.conftest import PASSWORD, create_user
from tests.processes import self_signed_certificate

pytestmark = pytest.mark.browser


@pytest.fixture
def https_server(make_app, database_url, tmp_path):
    """gunicorn serving the app over TLS on a socket bound here, so no waiting is needed."""
    app = make_app()
    create_user(app, "v@example.org", Role.VOLUNTEER)
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
        db.engine.dispose()
    cert, key = self_signed_certificate(tmp_path)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    env = {
        **os.environ,
        "LETTERS_DATABASE_URL": database_url,
        "LETTERS_INSTANCE_PATH": str(tmp_path / "instance"),
        "LETTERS_SECRET_KEY": "test-secret-key",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--workers", "1", "--bind", f"fd://{listener.fileno()}",
         "--certfile", str(cert), "--keyfile", str(key), "letters.wsgi:app"],
        env=env, pass_fds=[listener.fileno()], stderr=subprocess.PIPE,
    )  # fmt: skip
    listener.close()  # gunicorn holds its own copy; connections queue until it accepts
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
        assert b"Traceback" not in errors, errors.decode()


def test_log_in_write_and_queue_over_https(https_server, page_factory):
    page = page_factory(locale="en", ignore_https_errors=True)
    page.goto(https_server + "/login")
    page.get_by_label("E-mail").fill("v@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # A volunteer lands on the queue.
    assert page.url == https_server + "/volunteer/", page.content()

    page.goto(https_server + "/prisoners/1/write")
    page.get_by_label("Your letter, in Russian").fill(
        "Здравствуйте, Сергей! Пишу вам из Казани. У нас выпал первый снег."
    )
    page.get_by_role("button", name="Ask volunteers to print and post it").click()
    assert page.locator("#letter-status").inner_text() == "Waiting for a volunteer", page.content()
    assert page.requests.foreign() == []
