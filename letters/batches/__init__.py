"""The letter queue and volunteer batches."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the queue's models."""
    from letters.batches import models  # noqa: F401 - models must be known to Alembic
