"""Redis restarting loses no batch: the database stays the truth.

A throw-away ``redis-server`` of this test's own (no persistence) gets a batch's job; no
worker is running. Redis is killed and started again, empty: the job is gone. A worker
started afterwards finds the batch in the database (its periodic requeue runs at start) and
generates it. Runs in the PostgreSQL pass of scripts/test, which installs redis-server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from letters.batches import generation
from letters.batches.claims import Selection, create_batch
from letters.batches.models import Batch
from letters.extensions import db
from letters.jobs import jobs
from tests.batches.conftest import queue_letters
from tests.deployment.test_several_servers import free_port, wait_for

pytestmark = [
    pytest.mark.deployment,
    pytest.mark.skipif(
        not (os.environ.get("LETTERS_TEST_REDIS_URL") and shutil.which("redis-server")),
        reason="needs redis-server (the PostgreSQL pass of scripts/test)",
    ),
]
LEASE_SECONDS = 2
DEADLINE = 20


class RedisServer:
    """A redis-server on a free port that keeps nothing on disk: a restart empties it."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = folder
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(self.folder)]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for("Redis to answer", self.answers, timeout=DEADLINE, every=0.05)

    def answers(self) -> bool:
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            return False

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=DEADLINE)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


def test_a_batch_survives_a_redis_restart(make_app, directory, database_url, redis_server,
                                          tmp_path):  # fmt: skip
    settings = {"REDIS_URL": redis_server.url, "JOBS_IMMEDIATE": False,
                "JOB_LEASE_SECONDS": LEASE_SECONDS}  # fmt: skip
    app = make_app(**settings)
    with app.app_context():
        queue_letters(3)
        batch_id = create_batch(db.session, None, Selection()).id
        queue = jobs()
        assert queue.request(batch_id)
        assert len(queue.huey) == 1  # the job waits in Redis; no worker runs

        redis_server.kill()
        redis_server.start()
        assert len(queue.huey) == 0  # Redis came back empty: the job is lost
        # The database still says the batch needs its files; once the lost job's lease runs
        # out, the batch is due to be enqueued again.
        wait_for("the lost job's lease to run out",
                 lambda: generation.batches_to_requeue() == [batch_id],
                 timeout=DEADLINE, every=0.1)  # fmt: skip
        db.session.remove()

    log = tmp_path / "worker.log"
    env = {**os.environ, "LETTERS_DATABASE_URL": database_url,
           "LETTERS_REDIS_URL": redis_server.url, "LETTERS_SECRET_KEY": "test",
           "LETTERS_INSTANCE_PATH": str(tmp_path / "worker"),
           "LETTERS_JOB_LEASE_SECONDS": str(LEASE_SECONDS)}  # fmt: skip
    with log.open("wb") as output:
        worker = subprocess.Popen([sys.executable, "-m", "letters.cli", "worker"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=output)  # fmt: skip

    def stored():
        with app.app_context():
            digest = db.session.get(Batch, batch_id).file_sha256
            db.session.remove()
        assert worker.poll() is None, log.read_text()
        return digest

    try:
        wait_for("the worker to store the batch", stored, timeout=DEADLINE, every=0.1)
    finally:
        worker.terminate()
        worker.wait(timeout=DEADLINE)
    text = log.read_text()
    assert "Enqueueing periodic task" in text and f"batch {batch_id}: stored" in text
    assert "Traceback" not in text
