"""The letter queue and volunteer batches."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the queue's models, volunteer pages and commands.

    Generation and retention run as jobs (``letters.jobs``), never from page requests.
    """
    from letters.batches import cli, models, views  # noqa: F401 - models must be known to Alembic
    from letters.directory import signals

    app.register_blueprint(views.bp)
    signals.coordinator_sections.connect(views.facility_returns_section)
    app.cli.add_command(cli.batch_group)
    app.cli.add_command(cli.queue_group)
    app.cli.add_command(cli.purge_command)
    _forget_local_zips(app)


def _forget_local_zips(app: Flask) -> None:
    """Delete the zips earlier versions kept in the instance folder (now in the database).

    They hold letter texts that purging would no longer find; each server removes its own.
    """
    legacy = Path(app.instance_path) / "batches"
    if legacy.is_dir():
        shutil.rmtree(legacy, ignore_errors=True)
