"""The ``letters`` command: accounts, migrations and one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys

from letters.auth.models import Role, User
from letters.config import DEFAULTS
from letters.extensions import db


def test_user_create_stores_a_strong_hash(app, runner):
    result = runner.invoke(
        args=["user", "create", "--role", "volunteer", "Vera@Example.org"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = User.find_by_email("vera@example.org")
        assert user.role is Role.VOLUNTEER
        # The tests' cheap method; deployments get scrypt (DEFAULTS, checked below).
        assert user.password_hash.startswith("pbkdf2:sha256:1$")
        assert "a long enough password" not in user.password_hash
        assert user.check_password("a long enough password")


def test_passwords_are_hashed_with_scrypt_outside_tests():
    assert DEFAULTS["PASSWORD_HASH_METHOD"] == "scrypt"


def test_user_create_refuses_duplicates_and_short_passwords(app, runner):
    args = ["user", "create", "--role", "coordinator", "c@example.org"]
    assert runner.invoke(args=args, input="a long enough password\n" * 2).exit_code == 0
    again = runner.invoke(args=args, input="another long password\n" * 2)
    assert again.exit_code != 0
    assert "already exists" in again.output
    short = runner.invoke(
        args=["user", "create", "--role", "volunteer", "v@example.org"], input="short\nshort\n"
    )
    assert short.exit_code != 0
    assert "at least 12 characters" in short.output
    with app.app_context():
        assert db.session.query(User).count() == 1


def test_the_command_lists_its_own_commands(runner):
    listed = runner.invoke(args=["--help"]).output.split("Commands:")[1].split()
    commands = {word for word in listed if word.isalpha() and word.islower()}
    expected = {"address", "batch", "check", "db", "directory", "name", "purge", "queue"}
    expected |= {"render", "routes", "run", "shell", "translate", "user"}
    assert expected <= commands
    assert "limiter" not in commands  # Flask-Limiter's plugin group is not part of letters


def test_user_create_rejects_unknown_role(runner):
    result = runner.invoke(args=["user", "create", "--role", "admin", "a@example.org"])
    assert result.exit_code == 2
    assert "admin" in result.output


def _letters(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "letters.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_db_upgrade_builds_a_database_from_nothing_and_is_repeatable(tmp_path):
    env = {"LETTERS_INSTANCE_PATH": str(tmp_path / "inst"), "LETTERS_DATABASE_URL": ""}
    for _ in range(2):
        result = _letters("db", "upgrade", env=env)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "inst" / "letters.sqlite3").exists()


def test_bad_database_url_is_one_line_not_a_traceback(tmp_path):
    env = {"LETTERS_INSTANCE_PATH": str(tmp_path), "LETTERS_DATABASE_URL": "nosuchdb://x/y"}
    result = _letters("db", "upgrade", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("letters: error: LETTERS_DATABASE_URL")


def test_run_refuses_a_database_without_the_schema(tmp_path):
    env = {"LETTERS_INSTANCE_PATH": str(tmp_path), "LETTERS_DATABASE_URL": ""}
    result = _letters("run", "--port", "5999", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "run `letters db upgrade`" in result.stderr


def test_database_command_on_an_unmigrated_database_is_one_line(tmp_path):
    env = {"LETTERS_INSTANCE_PATH": str(tmp_path), "LETTERS_DATABASE_URL": ""}
    result = _letters("directory", "export", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "letters: database error: no such table: prisoners "
        "(is the schema current? run `letters db upgrade`)"
    ]
