"""Supporters report an inaccuracy in a prisoner's record; coordinators see it and handle it."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the report model and pages; open reports join the attention list."""
    from letters.directory import signals
    from letters.reports import models, operations, views  # noqa: F401 - models for Alembic

    app.register_blueprint(views.bp)
    signals.attention_reasons.connect(operations.report_reasons)
