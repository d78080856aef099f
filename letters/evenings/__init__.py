"""Letter-writing evenings: an organiser's shortlist, a link for participants, one batch."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the evenings' models and pages."""
    from letters.evenings import models, views  # noqa: F401 - models must be known to Alembic

    app.register_blueprint(views.bp)
