"""Background work on a job queue: Huey, with Redis for deployments and SQLite on one machine.

``LETTERS_REDIS_URL`` set: jobs go through Redis, and any number of ``letters worker``
processes on any machines take them. Not set (the embedded default): the queue is a SQLite
file in the instance folder, and ``scripts/serve`` starts one worker beside the web server.
``LETTERS_JOBS_IMMEDIATE`` runs each job at once in the caller (tests use it), so nothing
runs in the background there.

The queue only carries wake-up calls; the database stays the truth (see
``letters.batches.generation``), so a job lost with Redis is enqueued again by the periodic
``requeue_batches`` job.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app

from letters.config import ConfigurationError, private_file
from letters.extensions import db

QUEUE_NAME = "letters"
JOBS_FILE = "jobs.sqlite3"
# Minutes past the hour when retention runs; every minute, lost batches are enqueued again.
PURGE_MINUTE = "17"


def queue_errors() -> tuple[type[Exception], ...]:
    """Exceptions that mean the queue cannot be reached (Redis down, SQLite file locked)."""
    try:
        from redis.exceptions import RedisError
    except ImportError:
        return (sqlite3.Error,)
    return (RedisError, sqlite3.Error)


def redacted_redis_url(url: str) -> str:
    """The Redis URL without its password, for messages."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def _make_huey(config: dict, instance_path: str):
    from huey import Huey, RedisHuey, SqliteHuey

    immediate = bool(config["JOBS_IMMEDIATE"])
    url = config["REDIS_URL"]
    if not url:
        if immediate:
            return Huey(QUEUE_NAME, results=False, immediate=True)
        queue_file = Path(instance_path) / JOBS_FILE
        private_file(queue_file)  # jobs name batches and letters: the owner's alone
        return SqliteHuey(QUEUE_NAME, results=False, filename=str(queue_file))
    try:
        return RedisHuey(QUEUE_NAME, results=False, url=url, immediate=immediate)
    except ValueError as exc:
        raise ConfigurationError(
            f"LETTERS_REDIS_URL {redacted_redis_url(url)} is not a Redis URL ({exc}); "
            "use redis://host:6379/0"
        ) from exc
    except Exception as exc:  # huey's own ConfigurationError: the redis client is missing
        raise ConfigurationError(
            f"LETTERS_REDIS_URL is set but the Redis client is missing ({exc}); "
            "install it with pip install 'letters[deploy]'"
        ) from exc


class Jobs:
    """The app's queue and its tasks; ``request`` is how pages ask for a batch's files."""

    def __init__(self, app: Flask):
        from huey import crontab

        from letters.jobs import tasks

        self.app = app
        self.huey = _make_huey(app.config, app.instance_path)
        self.lease_seconds = app.config["JOB_LEASE_SECONDS"]
        self.generate_batch = self.huey.task(name="generate_batch")(
            self._in_app(tasks.generate_batch)
        )
        self.requeue_batches = self.huey.periodic_task(crontab(), name="requeue_batches")(
            self._in_app(tasks.requeue_batches)
        )
        self.purge_letters = self.huey.periodic_task(
            crontab(minute=PURGE_MINUTE), name="purge_letters"
        )(self._in_app(tasks.purge_letters))

    def _in_app(self, function: Callable) -> Callable:
        app = self.app

        @functools.wraps(function)
        def run(*args, **kwargs):
            with app.app_context():
                try:
                    return function(*args, **kwargs)
                finally:
                    db.session.remove()

        return run

    def request(self, batch_id: int) -> bool:
        """Ask a worker for the batch's files unless they are stored or under way.

        True when a job was enqueued. When the queue cannot be reached the request is kept
        in the database and the periodic requeue (or the next page view) sends it later.
        """
        from letters.batches.generation import request_generation

        if not request_generation(batch_id, self.lease_seconds):
            return False
        try:
            self.generate_batch(batch_id)
        except queue_errors() as error:
            self.app.logger.warning("batch %s: the job queue is unreachable: %s", batch_id, error)
            return False
        return True

    def check_reachable(self) -> None:
        """Raise ConfigurationError, in one line, when Redis is configured but unreachable."""
        url = self.app.config["REDIS_URL"]
        if not url or self.huey.immediate:
            return
        try:
            self.huey.storage.conn.ping()
        except queue_errors() as exc:
            raise ConfigurationError(
                f"cannot reach Redis at {redacted_redis_url(url)} ({exc}); "
                "check LETTERS_REDIS_URL and that Redis is running"
            ) from exc


def init_app(app: Flask) -> None:
    """Build the app's queue and register ``letters worker``."""
    from letters.jobs.cli import worker_command

    app.extensions["letters.jobs"] = Jobs(app)
    app.cli.add_command(worker_command)


def jobs() -> Jobs:
    """The current app's queue."""
    return current_app.extensions["letters.jobs"]
