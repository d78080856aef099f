"""The writer's journey: write a letter with a live check, then print, queue or hand it off."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the writing pages."""
    from letters.writing import views

    app.register_blueprint(views.bp)
