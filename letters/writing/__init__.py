"""The writer's journey: write a letter with a live check, then print, queue or hand it off."""

from __future__ import annotations

from flask import Flask, current_app

# The reference-code look-up pages (a letter's and an evening letter's) share one rate limit.
LOOKUP_SCOPE = "reference-lookup"


def lookup_limit() -> str:
    """Rate limit of the reference-code look-up pages (Flask-Limiter reads it per request)."""
    return current_app.config["LOOKUP_RATE_LIMIT"]


def init_app(app: Flask) -> None:
    """Register the writing pages; the directory's search suggests who got fewest letters."""
    from letters.directory import signals
    from letters.writing import suggestions, views

    app.register_blueprint(views.bp)
    signals.empty_search.connect(suggestions.fewest_letters)
