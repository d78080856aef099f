"""The public pages, the security headers every response gets, and the error pages."""

from __future__ import annotations

from flask import Flask

from letters.web import errors, security
from letters.web.views import bp


def init_app(app: Flask) -> None:
    """Register the public pages, headers and error handlers."""
    app.register_blueprint(bp)
    security.init_app(app)
    errors.init_app(app)
