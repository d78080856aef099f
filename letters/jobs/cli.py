"""``letters worker``: Huey's own consumer, on the app's configuration."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from letters.config import ConfigurationError


@click.command("worker")
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Jobs run at once in this process (rendering wants one per core: "
    "start one worker per core instead).",
)
@click.option(
    "--periodic/--no-periodic",
    default=True,
    show_default=True,
    help="Also enqueue the scheduled jobs (requeue lost batches each minute, purge "
    "hourly); harmless on several workers, as every job is idempotent.",
)
@with_appcontext
def worker_command(threads: int, periodic: bool) -> None:
    """Run jobs from the queue (batch files, purging) until stopped (SIGINT: after the job)."""
    from letters.database import check_schema
    from letters.extensions import db
    from letters.jobs import jobs

    queue = jobs()
    if queue.huey.immediate:
        raise ConfigurationError("LETTERS_JOBS_IMMEDIATE is set: jobs run where they are sent")
    check_schema(db.engine)
    queue.check_reachable()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    current_app.logger.setLevel(logging.INFO)
    consumer = queue.huey.create_consumer(
        workers=threads, worker_type="thread", periodic=periodic, check_worker_health=True
    )
    consumer.run()
