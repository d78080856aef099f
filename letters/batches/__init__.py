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
    _check_tariff(app)


def _check_tariff(app: Flask) -> None:
    """Read the postage tariff at start-up: a wrong file would otherwise fail every batch and
    every writer's print page."""
    from letters.batches.postage import TariffError, load_tariff
    from letters.config import ConfigurationError

    try:
        load_tariff(app.config["POSTAGE_TARIFF_FILE"])
    except TariffError as error:
        raise ConfigurationError(f"LETTERS_POSTAGE_TARIFF_FILE: {error}") from None
