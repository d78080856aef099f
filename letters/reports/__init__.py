"""Supporters report an inaccuracy in a prisoner's record; coordinators see it and handle it."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the report model and pages."""
    from letters.reports import models, views  # noqa: F401 - models must be known to Alembic

    app.register_blueprint(views.bp)
