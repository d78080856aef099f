"""Replies come back: the address prisoners answer to when a writer gives none of their own."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the replies' models and coordinator page."""
    from letters.replies import cli, models, views  # noqa: F401 - models must be known to Alembic

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.replies_group)
