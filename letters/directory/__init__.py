"""The prisoner directory: who can be written to, and where."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the directory's models and ``letters directory`` commands."""
    from letters.directory import (  # noqa: F401 - models for Alembic
        api,
        cli,
        coordinator,
        import_views,
        models,
        views,
    )

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(coordinator.bp)
    app.register_blueprint(import_views.bp)
    app.cli.add_command(cli.directory_group)
    app.cli.add_command(cli.address_group)
    app.cli.add_command(cli.name_group)
    _check_services()


def _check_services() -> None:
    """Read the services file at start-up: a wrong one would otherwise fail every prisoner's
    and every letter's page."""
    from letters.config import ConfigurationError
    from letters.directory.services import ServicesFileError, load_services

    try:
        load_services()
    except ServicesFileError as error:
        raise ConfigurationError(f"LETTERS_SERVICES_FILE: {error}") from None
