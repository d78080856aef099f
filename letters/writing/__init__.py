"""The writer's journey: write a letter with a live check, then print, queue or hand it off."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the writing pages; the directory's search suggests who got fewest letters."""
    from letters.directory import signals
    from letters.writing import suggestions, views

    app.register_blueprint(views.bp)
    signals.empty_search.connect(suggestions.fewest_letters)
