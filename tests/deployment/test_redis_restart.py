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
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from letters.batches import generation
from letters.batches.claims import Selection, create_batch
from letters.batches.models import Batch
from letters.database import utcnow
from letters.extensions import db
from letters.jobs import jobs
from tests.batches.conftest import queue_letters
from tests.processes import free_port, read_until

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
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        said = read_until(self.process, self.process.stdout, "Ready to accept connections")
        assert said and "Ready to accept connections" in said[-1], "".join(said)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=DEADLINE)
        self.process.stdout.close()


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
        # out, the batch is due to be enqueued again. The lease's length is what this test is
        # about, so it waits that long, deliberately (the same clock wrote the expiry).
        expires = db.session.scalar(select(Batch.lease_expires_at).where(Batch.id == batch_id))
        time.sleep(max(0.0, (expires - utcnow()).total_seconds()) + 0.1)
        assert generation.batches_to_requeue() == [batch_id]
        db.session.remove()

    env = {**os.environ, "LETTERS_DATABASE_URL": database_url,
           "LETTERS_REDIS_URL": redis_server.url, "LETTERS_SECRET_KEY": "test",
           "LETTERS_INSTANCE_PATH": str(tmp_path / "worker"),
           "LETTERS_JOB_LEASE_SECONDS": str(LEASE_SECONDS)}  # fmt: skip
    command = [sys.executable, "-m", "letters.cli", "worker"]
    worker = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        logged = read_until(worker, worker.stderr, f"batch {batch_id}: stored")
    finally:
        worker.terminate()
        _, rest = worker.communicate(timeout=DEADLINE)
    text = "".join(logged) + rest
    assert logged and f"batch {batch_id}: stored" in logged[-1], text
    assert "Enqueueing periodic task" in text
    assert "Traceback" not in text
    with app.app_context():
        assert db.session.get(Batch, batch_id).file_sha256 is not None
