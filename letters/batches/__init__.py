"""The letter queue and volunteer batches."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the queue's models, volunteer pages, commands and the retention schedule."""
    from letters.batches import cli, models, views  # noqa: F401 - models must be known to Alembic
    from letters.batches.retention import PurgeSchedule, purge
    from letters.extensions import db

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.batch_group)
    app.cli.add_command(cli.queue_group)
    app.cli.add_command(cli.purge_command)

    schedule = PurgeSchedule()

    @app.before_request
    def purge_when_due() -> None:
        if schedule.due():
            purge(db.session, app.config["RETENTION_DAYS"])
