"""Fixtures shared by the security tests."""

from __future__ import annotations

from datetime import date

import pytest

from letters.auth.models import Role
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.extensions import db
from tests.conftest import create_user


@pytest.fixture
def coordinating(app, client, auth):
    """A client logged in as a coordinator, with the sample directory imported."""
    create_user(app, "c@example.org", Role.COORDINATOR)
    auth.login("c@example.org")
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
    return client
