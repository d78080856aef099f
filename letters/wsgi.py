"""WSGI entry point for gunicorn: ``gunicorn letters.wsgi:app``."""

from __future__ import annotations

from letters import create_app
from letters.database import check_schema
from letters.extensions import db
from letters.jobs import jobs

app = create_app()
with app.app_context():
    # Fail at start-up, in one line, rather than on the first request.
    check_schema(db.engine)
    jobs().check_reachable()
