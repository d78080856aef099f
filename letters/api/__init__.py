"""The JSON API under /api/v1: stateless, CSRF-exempt, JSON errors only.

Features with their own web pages own their API routes too, on a blueprint made by
``api_blueprint`` (``letters.directory.api``); the plain-Python packages have theirs here
(``check``: the language check), so that they stay free of Flask.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app

from letters.extensions import csrf

PREFIX = "/api/v1"

bp = Blueprint("api", __name__, url_prefix=PREFIX)


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint for a feature's API routes under /api/v1.

    API routes are exempt from CSRF: they change nothing tied to a browser session (no cookie
    authority is used), and the HTML forms keep their own CSRF protection.
    """
    blueprint = Blueprint(name, import_name, url_prefix=PREFIX)
    csrf.exempt(blueprint)
    return blueprint


def api_limit() -> str:
    """Rate limit of each unauthenticated JSON endpoint (Flask-Limiter reads it per request)."""
    return current_app.config["API_RATE_LIMIT"]


@bp.get("/health")
def health():
    """Liveness for load balancers and the quick-start script."""
    return {"status": "ok"}


def init_app(app: Flask) -> None:
    """Register the API's own routes, and those of the plain-Python packages."""
    from letters.api import check

    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.register_blueprint(check.bp)
