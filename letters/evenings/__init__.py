"""Letter-writing evenings: an organiser's shortlist, a link for participants, one batch."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the evenings' models and pages."""
    from letters.evenings import cli, models, views  # noqa: F401 - models for Alembic

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.cards_command)
