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
