"""Rate limits hold as configured under gunicorn with several workers on the embedded default:
the counters are shared (a SQLite file in the instance folder), not one set per worker."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from letters.ratelimits import SqliteStorage
from tests.processes import TIMEOUT, Logs

ATTEMPTS = 40
LIMIT = 10


def _request(base: str, path: str, data: bytes | None = None, cookie: str = ""):
    request = urllib.request.Request(base + path, data=data, headers={"Connection": "close"})
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_log_in_lets_exactly_the_limit_through_two_gunicorn_workers(
    make_app, database_url, tmp_path
):
    make_app()  # the test's database, migrated
    listener = socket.create_server(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    env = {name: value for name, value in os.environ.items() if not name.startswith("LETTERS_")}
    env |= {
        "LETTERS_DATABASE_URL": database_url,
        "LETTERS_INSTANCE_PATH": str(tmp_path / "served"),
        "LETTERS_SECRET_KEY": "test-secret-key",
        "LETTERS_LOGIN_RATE_LIMIT": f"{LIMIT} per minute",
    }
    hooks = tmp_path / "gunicorn_hooks.py"
    hooks.write_text(
        "def post_worker_init(worker):\n    worker.log.info('worker ready: app loaded')\n"
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--config", str(hooks), "--workers", "2",
         "--bind", f"fd://{listener.fileno()}",
         "--access-logfile", "-", "--access-logformat", "served-by %(p)s %(s)s",
         "letters.wsgi:app"],
        env=env, pass_fds=[listener.fileno()], stderr=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    listener.close()
    logs = Logs()
    logs.follow("gunicorn", process)
    try:
        # Both workers ready before the first request, so requests go to both.
        with logs.changed:
            assert logs.changed.wait_for(
                lambda: logs.text("gunicorn").count("worker ready") == 2, TIMEOUT
            ), logs.text("gunicorn")
        status, headers, page = _request(base, "/login")
        assert status == 200
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        cookie = headers["Set-Cookie"].split(";", 1)[0]
        body = f"csrf_token={token}&email=nobody%40example.org&password=wrong".encode()
        # At once, from several clients: each sync worker takes one request at a time, so both
        # answer (one after the other, a loaded machine may leave one worker all of them).
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(
                pool.map(lambda _: _request(base, "/login", body, cookie)[0], range(ATTEMPTS))
            )
    finally:
        process.terminate()
        served, errors = process.communicate(timeout=30)
    assert "Traceback" not in errors, errors
    assert statuses.count(422) == LIMIT and statuses.count(429) == ATTEMPTS - LIMIT, statuses
    workers = {line.split()[1] for line in served.splitlines() if line.startswith("served-by")}
    assert len(workers) == 2, served  # both workers answered, and counted together
    # The counters live in the instance folder, readable by the owner only.
    counters = tmp_path / "served" / "ratelimits.sqlite3"
    assert counters.stat().st_mode & 0o777 == 0o600


def test_the_counters_forget_client_addresses_once_their_window_has_passed(tmp_path):
    storage = SqliteStorage(f"sqlite:///{tmp_path / 'counters.sqlite3'}")
    assert [storage.incr("login/203.0.113.7", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("login/203.0.113.7") == 3
    storage.incr("login/198.51.100.1", 0)  # a window already over
    storage.incr("login/192.0.2.1", 60)
    assert storage.get("login/198.51.100.1") == 0
    assert b"198.51.100.1" not in (tmp_path / "counters.sqlite3").read_bytes()
    storage.clear("login/203.0.113.7")
    assert storage.get("login/203.0.113.7") == 0 and storage.check()
