"""The letter queue and volunteer batches."""

from __future__ import annotations

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
