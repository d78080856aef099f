"""Replies come back: the address prisoners answer to when a writer gives none of their own."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the replies' models, the coordinator's page, the volunteers' pages and the
    ``letters replies`` commands."""
    from letters.directory import signals
    from letters.replies import cli, desk, models, tally, views  # noqa: F401 - models: Alembic

    app.register_blueprint(views.bp)
    app.register_blueprint(desk.bp)
    app.cli.add_command(cli.replies_group)
    signals.prisoner_mail.connect(tally.mail_lines)
