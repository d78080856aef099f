"""The JSON API under /api/v1: stateless, CSRF-exempt, JSON errors only."""

from __future__ import annotations

from flask import Blueprint, Flask

from letters.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/health")
def health():
    """Liveness for load balancers and the quick-start script."""
    return {"status": "ok"}


def init_app(app: Flask) -> None:
    """Register the API blueprint; features add their routes to ``bp`` before this runs."""
    # Endpoints here change nothing tied to a browser session; CSRF protects the HTML forms.
    csrf.exempt(bp)
    app.register_blueprint(bp)
