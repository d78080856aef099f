"""The deployment, for real: PostgreSQL, Redis, two app servers (gunicorn, 2 workers each, their
own instance folders) and two ``letters worker``s.

A volunteer opens the same batch on both servers at once: it is generated once, and the zip
from either server is the same bytes. Then the worker rendering a second batch is killed with
SIGKILL, and the batch completes on the other worker. Runs in the PostgreSQL pass of
scripts/test, which starts a throw-away Redis and sets LETTERS_TEST_REDIS_URL.

The servers are other processes: the test waits for the lines they log (a server listening,
a worker rendering or storing a batch), each with a generous deadline, and never polls.
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import signal
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
import zipfile

import pytest

from letters.auth.models import Role
from letters.batches import storage
from letters.batches.claims import Selection, create_batch
from letters.batches.models import Batch
from letters.extensions import db
from tests.batches.conftest import queue_letters
from tests.conftest import PASSWORD, create_user, csrf_token
from tests.deployment.conftest import REDIS_URL, WHOLE_DEPLOYMENT
from tests.processes import Logs, free_port, start_process, stop

pytestmark = WHOLE_DEPLOYMENT
LEASE_SECONDS = 4


class Browser:
    """A volunteer's browser on one server: cookies, CSRF tokens from the pages."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict, token_from: str) -> bytes:
        token = csrf_token(self.get(token_from))
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        with self.opener.open(self.base + path, data=data, timeout=60) as response:
            return response.read()

    def up(self) -> bool:
        try:
            self.get("/login")
        except OSError:
            return False
        return True

    def progress(self, batch_id: int) -> dict:
        import json

        return json.loads(self.get(f"/volunteer/batches/{batch_id}/progress"))


@pytest.fixture
def topology(app, database_url, tmp_path):
    """Two app servers and two workers on this test's PostgreSQL database and Redis."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        **os.environ,
        "LETTERS_DATABASE_URL": database_url,
        "LETTERS_REDIS_URL": REDIS_URL,
        "LETTERS_SECRET_KEY": "deployment-test",
        "LETTERS_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    processes: dict[str, subprocess.Popen] = {}
    logs = Logs()

    def start(name: str, command: list[str]) -> None:
        processes[name] = start_process(logs, tmp_path, name, command, env)

    ports = [free_port(), free_port()]
    for number, port in enumerate(ports, 1):
        start(f"server{number}", [sys.executable, "-m", "gunicorn", "--workers", "2",
                                  "--bind", f"127.0.0.1:{port}", "letters.wsgi:app"])  # fmt: skip
    for number in (1, 2):
        start(f"worker{number}", [sys.executable, "-m", "letters.cli", "worker"])
    browsers = [Browser(port) for port in ports]
    try:
        for number, (port, browser) in enumerate(zip(ports, browsers, strict=True), 1):
            # Once the socket listens, a request waits in its backlog for a worker to boot.
            logs.wait_for(f"Listening at: http://127.0.0.1:{port}", [f"server{number}"], 120)
            assert browser.up(), logs.text(f"server{number}")
        yield browsers, processes, logs
    finally:
        stop(list(processes.values()), logs)


def claim(app, count: int) -> int:
    with app.app_context():
        queue_letters(count)
        batch_id = create_batch(db.session, None, Selection()).id
        db.session.remove()
        return batch_id


def batch_row(app, batch_id: int) -> Batch:
    with app.app_context():
        batch = db.session.get(Batch, batch_id)
        db.session.expunge(batch)
        db.session.remove()
        return batch


def test_two_servers_two_workers_one_batch_and_a_killed_worker(app, directory, topology):
    browsers, processes, logs = topology
    create_user(app, "vera@example.org", Role.VOLUNTEER)
    for browser in browsers:
        browser.post("/login", {"email": "vera@example.org", "password": PASSWORD}, "/login")

    # The same batch opened on both servers at the same moment.
    first = claim(app, 60)
    start = threading.Barrier(2)

    def open_page(browser: Browser) -> None:
        start.wait()
        browser.get(f"/volunteer/batches/{first}")

    openers = [threading.Thread(target=open_page, args=(b,)) for b in browsers]
    for thread in openers:
        thread.start()
    for thread in openers:
        thread.join()
    workers = ["worker1", "worker2"]
    logs.wait_for(f"batch {first}: stored", workers)
    for browser in browsers:
        assert browser.progress(first)["ready"]
    stored = sum(logs.text(w).count(f"batch {first}: stored") for w in workers)
    assert stored == 1, "the batch was generated more than once (or never)"
    zips = [
        b.post(f"/volunteer/batches/{first}/download", {}, f"/volunteer/batches/{first}")
        for b in browsers
    ]
    assert zips[0] == zips[1]
    with app.app_context():
        assert zips[0] == storage.read(db.engine, first)
    assert len(zipfile.ZipFile(io.BytesIO(zips[0])).read("manifest.csv").splitlines()) == 61

    # A second batch: kill the worker rendering it, mid-way.
    second = claim(app, 400)
    browsers[0].get(f"/volunteer/batches/{second}")

    # Killed once it has rendered the first of four steps (its log says so, then renders on).
    victim = logs.wait_for(f"batch {second}: rendered 100 of 400 letters", workers)
    assert batch_row(app, second).lease_owner.split(":")[1] == str(processes[victim].pid)
    processes[victim].send_signal(signal.SIGKILL)
    processes[victim].wait(timeout=30)
    # The volunteer keeps watching on the other server; the lease expires, the other worker
    # takes the batch over and completes it.
    # The lease expires after LEASE_SECONDS; the survivor's requeue job (each minute) finds it.
    survivor = next(n for n in workers if n != victim)
    logs.wait_for(f"batch {second}: stored", [survivor])
    progress = browsers[1].progress(second)
    assert progress == {"done": 400, "total": 400, "ready": True, "failed": False}
    data = browsers[1].post(f"/volunteer/batches/{second}/download", {},
                            f"/volunteer/batches/{second}")  # fmt: skip
    assert len(zipfile.ZipFile(io.BytesIO(data)).read("manifest.csv").splitlines()) == 401
    for name, process in processes.items():
        if name != victim:
            assert process.poll() is None, logs.text(name)
            assert "Traceback" not in logs.text(name)
