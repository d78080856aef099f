"""Benchmarks anyone can run (see the README's table); shared set-up lives here."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def scratch_app(database_url: str | None = None) -> tuple[Flask, str]:
    """An app on a throw-away instance folder, its database migrated to the newest revision
    (a SQLite file in that folder unless ``database_url`` is given), and the database's URL."""
    from flask_migrate import upgrade

    from letters import create_app

    workdir = Path(tempfile.mkdtemp(prefix="letters-bench-"))
    url = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(workdir), "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
    return app, url
