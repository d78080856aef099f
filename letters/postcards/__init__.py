"""Postcards for birthdays and holidays: a short greeting, checked like a letter, printed A6."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the postcard page."""
    from letters.postcards import views

    app.register_blueprint(views.bp)
