"""WSGI entry point for gunicorn: ``gunicorn letters.wsgi:app``."""

from __future__ import annotations

import sys

from letters import create_app
from letters.config import ConfigurationError
from letters.database import check_schema
from letters.extensions import db
from letters.jobs import jobs

WORKER_BOOT_ERROR = 3


def _app():
    """The app, checked at start-up: a wrong setting, an old database or an unreachable queue
    stops the server with one line, as the commands do, rather than with a traceback or on the
    first request."""
    try:
        app = create_app()
        with app.app_context():
            check_schema(db.engine)
            jobs().check_reachable()
    except ConfigurationError as error:
        print(f"letters: error: {error}", file=sys.stderr)
        # 3 is gunicorn's "worker failed to boot": it stops, where after any other code it
        # would start the worker again and again.
        raise SystemExit(WORKER_BOOT_ERROR) from None
    return app


app = _app()
