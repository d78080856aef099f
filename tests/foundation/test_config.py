"""Configuration: environment variables, generated secret key, one-line start-up errors."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from letters import ConfigurationError, create_app
from letters.database import check_schema
from letters.extensions import db


def test_environment_variables_configure_the_app(monkeypatch, tmp_path):
    """LETTERS_* variables override the defaults; JSON values keep their type."""
    monkeypatch.setenv("LETTERS_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setenv("LETTERS_DEFAULT_LOCALE", "en")
    monkeypatch.setenv("LETTERS_STALE_AFTER_DAYS", "45")
    monkeypatch.setenv("LETTERS_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app()
    assert app.config["DEFAULT_LOCALE"] == "en"
    assert app.config["STALE_AFTER_DAYS"] == 45
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite3")
    assert app.instance_path == str(tmp_path / "inst")


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("LETTERS_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("LETTERS_DATABASE_URL", raising=False)
    app = create_app()
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{tmp_path / 'inst' / 'letters.sqlite3'}"
    )


def test_secret_key_is_generated_once_and_kept_private(monkeypatch, tmp_path):
    """Without LETTERS_SECRET_KEY a random key is made, stored 0600, and reused on restart."""
    monkeypatch.setenv("LETTERS_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("LETTERS_SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    key_file = tmp_path / "inst" / "secret_key"
    assert first == second == key_file.read_text()
    assert len(first) >= 40
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_secret_key_from_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("LETTERS_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setenv("LETTERS_SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "inst" / "secret_key").exists()


def test_unusable_database_url_is_one_clear_error(tmp_path):
    with pytest.raises(ConfigurationError) as error:
        create_app({"DATABASE_URL": "mysqlx://nowhere/db", "INSTANCE_PATH": str(tmp_path)})
    message = str(error.value)
    assert "\n" not in message
    assert "not a usable database URL" in message
    assert "postgresql+psycopg://" in message


def test_postgresql_without_its_driver_is_one_clear_error(monkeypatch, tmp_path):
    """psycopg is the ``postgres`` extra: without it, a PostgreSQL URL says what to install."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    url = "postgresql+psycopg://letters:secret@db.internal/letters"
    with pytest.raises(ConfigurationError) as error:
        create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k"})
    message = str(error.value)
    assert "\n" not in message and "secret" not in message
    assert "pip install 'letters[postgres]'" in message


def test_instance_folder_that_cannot_be_created_is_one_clear_error(tmp_path):
    """A path through a regular file can never become a folder, whoever runs the app."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(ConfigurationError, match="cannot create the instance folder"):
        create_app({"INSTANCE_PATH": str(blocker / "instance")})


def test_empty_database_is_reported_with_the_command_to_run(tmp_path):
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}", "INSTANCE_PATH": str(tmp_path)}
    )
    with app.app_context(), pytest.raises(ConfigurationError) as error:
        check_schema(db.engine)
    assert "is empty" in str(error.value)
    assert "letters db upgrade" in str(error.value)


def test_current_database_passes_the_schema_check(app):
    with app.app_context():
        check_schema(db.engine)


def test_unreachable_database_is_reported_without_password(tmp_path):
    url = "postgresql+psycopg://writer:s3cret@127.0.0.1:9/letters"
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})
    with app.app_context(), pytest.raises(ConfigurationError) as error:
        check_schema(db.engine)
    assert "cannot open the database" in str(error.value)
    assert "s3cret" not in str(error.value)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("RETENTION_DAYS", "30d", "LETTERS_RETENTION_DAYS must be a whole number, 0 or more"),
        ("REPLY_KEEP_DAYS", "-1", "LETTERS_REPLY_KEEP_DAYS must be a whole number"),
        ("JOB_LEASE_SECONDS", "1.5", "LETTERS_JOB_LEASE_SECONDS must be a whole number"),
        ("PROXY_COUNT", "true", "LETTERS_PROXY_COUNT must be a whole number"),
        ("API_RATE_LIMIT", "120 per minit", "LETTERS_API_RATE_LIMIT must be a rate such as"),
        ("EVENING_CHECK_RATE_LIMIT", "1200", "a rate such as '1200 per minute'"),
        ("JOBS_IMMEDIATE", "yes", "LETTERS_JOBS_IMMEDIATE must be true or false"),
        ("REPLY_ADDRESS", "ОВД-Инфо, а/я 15, 101000 Москва", "must be a JSON list of texts"),
        ("LOCALES", '["ru", 1]', "LETTERS_LOCALES must be a JSON list of texts"),
    ],
)
def test_a_setting_of_the_wrong_kind_stops_the_command_in_one_line(tmp_path, name, value, said):
    assert_command_refuses(tmp_path, {f"LETTERS_{name}": value}, said)


def assert_command_refuses(instance: Path, settings: dict[str, str], said: str) -> None:
    """As an operator runs it: a command reads these settings from the environment, and stops
    with one line that says what is wrong."""
    env = {**os.environ, "LETTERS_INSTANCE_PATH": str(instance), **settings}
    env.pop("LETTERS_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "letters.cli", "purge"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert said in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_settings_of_the_right_kind_start_the_app(tmp_path):
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path), "RETENTION_DAYS": 0, "API_RATE_LIMIT": "5/second",
         "JOBS_IMMEDIATE": True}
    )  # fmt: skip
    assert app.config["RETENTION_DAYS"] == 0


def test_gunicorn_stops_with_one_line_on_a_wrong_setting(tmp_path):
    env = {**os.environ, "LETTERS_INSTANCE_PATH": str(tmp_path), "LETTERS_RETENTION_DAYS": "30d"}
    env.pop("LETTERS_DATABASE_URL", None)
    gunicorn = [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", "2"]
    result = subprocess.run(
        [*gunicorn, "letters.wsgi:app"], env=env, capture_output=True, text=True, timeout=120
    )
    # Stopped, not starting workers again and again; the reason once a worker, no traceback.
    assert result.returncode != 0
    said = "letters: error: LETTERS_RETENTION_DAYS must be a whole number, 0 or more"
    assert said in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("POSTAGE_TARIFF_FILE", None, "LETTERS_POSTAGE_TARIFF_FILE: cannot read the postage"),
        ("POSTAGE_TARIFF_FILE", "[[period]\n", "LETTERS_POSTAGE_TARIFF_FILE: cannot read"),
        ("SERVICES_FILE", None, "LETTERS_SERVICES_FILE: cannot read the services file"),
        ("SERVICES_FILE", "[services.zt]\ncolour = 1\n", "is not like the bundled services"),
    ],
)
def test_a_data_file_that_cannot_be_read_stops_the_command_in_one_line(
    tmp_path, name, content, said
):
    path = tmp_path / "data.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert_command_refuses(tmp_path / "instance", {f"LETTERS_{name}": str(path)}, said)
