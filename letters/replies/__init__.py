"""Replies come back: the address prisoners answer to when a writer gives none of their own."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the replies' models, the coordinator's page and the volunteers' pages."""
    from letters.directory import signals
    from letters.replies import desk, models, tally, views  # noqa: F401 - models for Alembic

    app.register_blueprint(views.bp)
    app.register_blueprint(desk.bp)
    signals.prisoner_mail.connect(tally.mail_lines)
