"""Volunteer translators: a letter in another language is translated into Russian before it
goes on (issue 26)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the translation models and the translators' pages."""
    from letters.translating import models, views  # noqa: F401 - models for Alembic

    app.register_blueprint(views.bp)
