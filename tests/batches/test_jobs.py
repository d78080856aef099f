"""Batch generation as jobs: once per batch, taken over when a worker dies, stored for every
server, purged with the letters; the scheduled jobs; the embedded worker; clear Redis errors."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update

from letters import slices
from letters.batches import generation, lifecycle, storage
from letters.batches.claims import Selection, create_batch
from letters.batches.files import build_files
from letters.batches.models import Batch, BatchFileChunk, BatchStatus, QueuedLetter
from letters.database import utcnow
from letters.extensions import db
from letters.jobs import jobs
from tests.batches.conftest import LETTER, claim_batch, queue_letters
from tests.batches.test_volunteer_pages import volunteer_client
from tests.processes import read_until


def new_batch(count: int = 2) -> int:
    queue_letters(count)
    return create_batch(db.session, None, Selection()).id


def test_the_stored_zip_is_the_rendered_zip_in_slices(app, directory, monkeypatch):
    monkeypatch.setattr(slices, "SLICE_SIZE", 4096)  # several slices even for a small batch
    with app.app_context():
        batch_id = new_batch(3)
        assert generation.generate(app, batch_id)
        batch = db.session.get(Batch, batch_id)
        expected = build_files(batch, held_back=0).zip_bytes()
        assert storage.read(db.engine, batch_id) == expected
        assert batch.file_size == len(expected) and batch.status is BatchStatus.READY
        assert db.session.scalar(select(func.count()).select_from(BatchFileChunk)) > 1
        assert batch.lease_owner is None and batch.progress == 3
        # Stored already: a second job does nothing.
        assert not generation.generate(app, batch_id)


def test_refreshes_on_any_server_enqueue_one_job(make_app, directory):
    app = make_app(JOBS_IMMEDIATE=False, REDIS_URL=None)  # a real (SQLite) queue, no worker
    with app.app_context():
        batch_id = new_batch()
        queue = jobs()
        assert queue.request(batch_id)
        assert [queue.request(batch_id) for _ in range(5)] == [False] * 5
        assert len(queue.huey) == 1  # one job waits in the queue
        assert generation.batches_to_requeue() == []  # it is not lost
        # The queue loses its jobs (Redis restarted without its data): once the waiting job's
        # lease runs out, the periodic requeue job finds the batch in the database again.
        queue.huey.flush()
        db.session.execute(update(Batch).values(lease_expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert queue.requeue_batches.call_local() == [batch_id]
        assert len(queue.huey) == 1


def test_a_dead_workers_batch_is_taken_over_once_its_lease_expires(app, directory):
    with app.app_context():
        batch_id = new_batch()
        # A worker took the lease and was killed: nobody renews it.
        assert generation._take_lease(db.engine, batch_id, "dead-worker", 60)
        assert not generation.generate(app, batch_id, owner="other")
        assert generation.batches_to_requeue() == []
        db.session.execute(update(Batch).values(lease_expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert generation.batches_to_requeue() == [batch_id]
        # The periodic requeue job hands it to a worker (here: at once).
        assert jobs().requeue_batches.call_local() == [batch_id]
        db.session.expire_all()
        assert db.session.get(Batch, batch_id).file_sha256 is not None


def test_a_worker_that_lost_its_lease_stores_nothing(app, directory, monkeypatch):
    with app.app_context():
        batch_id = new_batch()

        def stolen(*args, **kwargs):
            # While this worker renders, another one takes the batch over.
            with db.engine.begin() as connection:
                connection.execute(update(Batch).values(lease_owner="thief"))
            return build_files(*args, **kwargs)

        monkeypatch.setattr(generation, "build_files", stolen)
        assert not generation.generate(app, batch_id, owner="slow")
        db.session.expire_all()
        assert db.session.get(Batch, batch_id).file_sha256 is None
        assert db.session.scalar(select(func.count()).select_from(BatchFileChunk)) == 0


def test_download_streams_the_stored_zip_and_cancel_deletes_it(app, directory):
    with app.app_context():
        queue_letters(2)
    client = volunteer_client(app)
    batch_id = claim_batch(client)
    with client.post(f"/volunteer/batches/{batch_id}/download") as download:
        data = download.data
        assert download.headers["Content-Length"] == str(len(data))
    with app.app_context():
        assert data == storage.read(db.engine, batch_id)
    assert "manifest.csv" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    client.post(f"/volunteer/batches/{batch_id}/cancel")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BatchFileChunk)) == 0
        assert db.session.get(Batch, batch_id).file_sha256 is None


def test_the_hourly_purge_job_deletes_texts_and_their_zips(app, client, directory):
    with app.app_context():
        batch_id = new_batch(1)
        assert generation.generate(app, batch_id)
        batch = db.session.get(Batch, batch_id)
        lifecycle.mark_printed(db.session, batch, None)
        lifecycle.mark_posted(db.session, batch, None, on=date.today() - timedelta(days=40))
        db.session.commit()
        queue = jobs()
    client.get("/")  # pages never purge
    with app.app_context():
        assert db.session.scalar(select(QueuedLetter.text)) == LETTER
        due = {task.name for task in queue.huey.read_periodic(datetime(2026, 12, 1, 3, 17))}
        assert due == {"requeue_batches", "purge_letters"}
        assert queue.purge_letters.call_local() == 1
        assert db.session.scalar(select(QueuedLetter.text)) is None
        assert db.session.scalar(select(func.count()).select_from(BatchFileChunk)) == 0
        # Its text is gone: the batch can never be generated again.
        db.session.expire_all()
        batch = db.session.get(Batch, batch_id)
        assert not generation.can_generate(batch)
        assert not generation.request_generation(batch_id, 60)
    assert client.get(f"/volunteer/batches/{batch_id}/progress").status_code == 302  # log-in


def test_the_embedded_worker_generates_from_the_sqlite_queue(make_app, directory, tmp_path):
    """What scripts/serve runs: a SQLite queue in the instance folder and `letters worker`."""
    app = make_app(JOBS_IMMEDIATE=False, REDIS_URL=None)
    with app.app_context():
        batch_id = new_batch()
        assert jobs().request(batch_id)
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    env = {**os.environ, "LETTERS_DATABASE_URL": url, "LETTERS_INSTANCE_PATH": app.instance_path,
           "LETTERS_SECRET_KEY": "test"}  # fmt: skip
    env.pop("LETTERS_REDIS_URL", None)
    command = [sys.executable, "-m", "letters.cli", "worker", "--no-periodic"]
    worker = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    # Another process does the work: wait for its log line.
    try:
        logged = read_until(worker, worker.stderr, f"batch {batch_id}: stored")
    finally:
        worker.terminate()
        _, rest = worker.communicate(timeout=30)
    assert logged and f"batch {batch_id}: stored" in logged[-1], "the worker never stored it"
    with app.app_context():
        assert db.session.get(Batch, batch_id).file_sha256 is not None
    errors = "".join(logged) + rest
    assert "Traceback" not in errors


def run_letters(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "letters.cli", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env})  # fmt: skip


def test_a_wrong_or_unreachable_redis_url_is_one_line(tmp_path, database_url):
    base = {"LETTERS_DATABASE_URL": database_url, "LETTERS_INSTANCE_PATH": str(tmp_path),
            "LETTERS_SECRET_KEY": "test"}  # fmt: skip
    wrong = run_letters("worker", **base, LETTERS_REDIS_URL="http://cache.internal/0")
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("letters: error: LETTERS_REDIS_URL must start with redis://")
    assert len(wrong.stderr.strip().splitlines()) == 1
    # A port nothing listens on (bound, then released).
    unreachable = run_letters("worker", **base, LETTERS_REDIS_URL="redis://:secret@127.0.0.1:9/0")
    assert unreachable.returncode == 1
    assert unreachable.stderr.startswith("letters: error: cannot reach Redis at redis://:***@")
    assert "secret" not in unreachable.stderr
    assert len(unreachable.stderr.strip().splitlines()) == 1


def test_the_rate_limiter_shares_the_redis_url_unless_told_otherwise(make_app, tmp_path):
    url = "redis://127.0.0.1:9/0"
    assert make_app(REDIS_URL=url).config["RATELIMIT_STORAGE_URI"] == url
    # Without Redis, a file every worker of this machine shares (never memory://, per worker).
    counters = tmp_path / "instance" / "ratelimits.sqlite3"
    assert make_app().config["RATELIMIT_STORAGE_URI"] == f"sqlite:///{counters}"
    other = make_app(REDIS_URL=url, RATELIMIT_STORAGE_URI="memory://")
    assert other.config["RATELIMIT_STORAGE_URI"] == "memory://"
