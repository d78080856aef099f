"""A double click across servers: two app servers (gunicorn, 2 workers each) on PostgreSQL get
the same "ask volunteers to print it" form at the same moment, and queue the letter once.

The one-time form token is checked in the database, so it holds whichever server and worker
each post reaches. Runs in the PostgreSQL pass of scripts/test.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from letters.batches.models import QueuedLetter
from letters.extensions import db
from tests.processes import Logs, free_port, stop
from tests.writing.conftest import letter_form

pytestmark = [
    pytest.mark.deployment,
    pytest.mark.skipif(
        not os.environ.get("LETTERS_TEST_DATABASE_URL"),
        reason="needs PostgreSQL (the PostgreSQL pass of scripts/test)",
    ),
]
TRIES = 5


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def servers(app, database_url, tmp_path):
    """Two gunicorn servers on this test's database, sharing the secret key (as deployed)."""
    env = {**os.environ, "LETTERS_DATABASE_URL": database_url,
           "LETTERS_SECRET_KEY": "deployment-test"}  # fmt: skip
    env.pop("LETTERS_REDIS_URL", None)
    logs = Logs()
    processes = []
    ports = [free_port(), free_port()]
    for number, port in enumerate(ports, 1):
        instance = tmp_path / f"server{number}"
        instance.mkdir()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "letters.wsgi:app"],
            env={**env, "LETTERS_INSTANCE_PATH": str(instance)},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        processes.append(process)
        logs.follow(f"server{number}", process)
    try:
        for number, port in enumerate(ports, 1):
            logs.wait_for(f"Listening at: http://127.0.0.1:{port}", [f"server{number}"], 120)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        stop(processes, logs)


def test_a_double_click_reaching_two_servers_queues_one_letter(app, sample_directory, servers):
    jar = http.cookiejar.CookieJar()  # one writer's browser: the same session on both servers
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    write = f"/prisoners/{sample_directory['Миронов']}/write"
    for _ in range(TRIES):
        with opener.open(servers[0] + write, timeout=60) as response:
            page = response.read().decode()
        fields = {
            name: re.search(rf'name="{name}"[^>]*value="([^"]+)"', page).group(1)
            for name in ("csrf_token", "once")
        }
        data = urllib.parse.urlencode({**letter_form(action="queue"), **fields}).encode()
        start = threading.Barrier(2)
        locations: list[str] = []

        def post(base: str, data=data, start=start, locations=locations) -> None:
            start.wait()
            try:
                opener.open(base + write, data=data, timeout=60)
            except urllib.error.HTTPError as answer:  # the redirect, not followed
                locations.append(answer.headers.get("Location"))

        threads = [threading.Thread(target=post, args=(base,)) for base in servers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(locations) == 2 and len(set(locations)) == 1, locations
        assert "/letters/" in locations[0]
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == TRIES
