"""Fixtures: an app on a fresh, fully migrated database per test.

The database is SQLite by default. Set ``LETTERS_TEST_DATABASE_URL`` to a PostgreSQL server URL
(``postgresql+psycopg://user@host:port/postgres``) to run the same suite against PostgreSQL:
each test then gets its own database, cloned from a template migrated once per run.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from letters import create_app
from letters.auth.models import Role, User
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner
from letters.extensions import db

SERVER_URL = os.environ.get("LETTERS_TEST_DATABASE_URL")
TEMPLATE_DB = "letters_test_template"
PASSWORD = "correct horse battery staple"


def _migrate(url: str, instance: Path) -> None:
    from flask_migrate import upgrade

    app = create_app(_settings(url, instance))
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _settings(url: str, instance: Path, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(instance),
        "SERVER_NAME": None,
        # Jobs run synchronously where they are sent: no background thread to wait for.
        "JOBS_IMMEDIATE": True,
        # scrypt takes about 50 ms a hash on purpose; tests hash hundreds of passwords.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        **extra,
    }


class DatabaseFactory:
    """Hands out fresh migrated databases: copies of a template made once per test run."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.created: list[str] = []
        if SERVER_URL:
            self.admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"))
                conn.execute(text(f"CREATE DATABASE {TEMPLATE_DB}"))
            _migrate(self._pg_url(TEMPLATE_DB), workdir)
        else:
            self.template = workdir / "template.sqlite3"
            _migrate(f"sqlite:///{self.template}", workdir)

    def _pg_url(self, name: str) -> str:
        return make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)

    def new(self, empty: bool = False) -> str:
        """Create a fresh database (migrated, or ``empty``) and return its URL."""
        name = f"letters_test_{uuid.uuid4().hex[:12]}"
        if SERVER_URL:
            template = "template0" if empty else TEMPLATE_DB
            with self.admin.connect() as conn:
                conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
            self.created.append(name)
            return self._pg_url(name)
        path = self.workdir / f"{name}.sqlite3"
        if not empty:
            shutil.copyfile(self.template, path)
            path.chmod(0o600)  # as the app makes its own (else it tightens it, with a log line)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        """Remove a database made by ``new``."""
        if SERVER_URL:
            name = make_url(url).database
            with self.admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        else:
            Path(make_url(url).database).unlink(missing_ok=True)

    def close(self) -> None:
        if SERVER_URL:
            with self.admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"))
            self.admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.close()


@pytest.fixture
def database_url(databases: DatabaseFactory) -> Iterator[str]:
    """URL of a fresh database at the current schema, dropped after the test."""
    url = databases.new()
    yield url
    databases.drop(url)


@pytest.fixture
def make_app(database_url: str, tmp_path: Path):
    """Build an app on this test's database, with extra settings when a test needs them."""
    apps: list[Flask] = []

    def factory(**settings) -> Flask:
        app = create_app(_settings(database_url, tmp_path / "instance", **settings))
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def database_at(databases: DatabaseFactory, tmp_path: Path):
    """``database_at(revision)``: an empty database of its own at an older revision, to fill
    with that revision's data and upgrade (see ``tests/migrations/``)."""
    from tests.migrations import OldDatabase

    made: list[tuple[Flask, str]] = []

    def factory(revision: str) -> OldDatabase:
        url = databases.new(empty=True)
        app = create_app(_settings(url, tmp_path / f"instance-{revision}", WTF_CSRF_ENABLED=False))
        made.append((app, url))
        return OldDatabase(app, revision)

    yield factory
    for app, url in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        databases.drop(url)


@pytest.fixture
def app(make_app) -> Flask:
    """The app with CSRF off, so tests can post forms directly (CSRF has its own tests)."""
    return make_app(WTF_CSRF_ENABLED=False)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class LettersCliRunner(FlaskCliRunner):
    """Runs the ``letters`` command itself (its own commands and the app's) on the test app."""

    def invoke(self, cli=None, args=None, **kwargs):
        from letters.cli import cli as letters_cli

        return super().invoke(cli or letters_cli, args, **kwargs)


@pytest.fixture
def runner(app: Flask) -> LettersCliRunner:
    return LettersCliRunner(app)


def csrf_token(html: str, prefix: str = "") -> str:
    """The CSRF token of a form on ``html`` (``prefix``: the form's field prefix, "paste-")."""
    found = re.search(rf'name="{re.escape(prefix)}csrf_token"[^>]*value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def create_user(app: Flask, email: str, role: Role, password: str = PASSWORD) -> User:
    """Add an account directly (the CLI path has its own tests)."""
    with app.app_context():
        user = User(email=email, role=role)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


class AuthActions:
    """Log in and out through the real form."""

    def __init__(self, client: FlaskClient):
        self.client = client

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def volunteer(app: Flask) -> User:
    return create_user(app, "volunteer@example.org", Role.VOLUNTEER)


@pytest.fixture
def coordinator(app: Flask) -> User:
    return create_user(app, "coordinator@example.org", Role.COORDINATOR)


def load_sample_directory(app: Flask, today: date | None = None) -> dict[str, int]:
    """Import the bundled sample pages (Mironov: remand, presumed address; Perov: no address).

    Returns surname → prisoner id.
    """
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=today or date.today())
        return {p.surname: p.id for p in db.session.scalars(select(Prisoner))}


@pytest.fixture
def sample_directory(app: Flask) -> dict[str, int]:
    """The sample directory in this test's database: surname → prisoner id."""
    return load_sample_directory(app)
