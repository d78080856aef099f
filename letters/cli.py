"""The ``letters`` console command: Flask's CLI with the project's own commands."""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup, ScriptInfo, routes_command, run_command, shell_command

from letters import create_app
from letters.bulk.commands import render_command
from letters.config import ConfigurationError
from letters.language.commands import check_command


def _run_after_schema_check(**kwargs):
    """Refuse to serve a database that is unreachable or behind the code's migrations."""
    from letters.database import check_schema
    from letters.extensions import db

    app = click.get_current_context().ensure_object(ScriptInfo).load_app()
    with app.app_context():
        check_schema(db.engine)
    return run_command.callback(**kwargs)


checked_run_command = click.Command(
    "run",
    params=run_command.params,
    callback=_run_after_schema_check,
    help="Serve the app (by default on http://127.0.0.1:5000) after checking the database.",
    short_help="Serve the app.",
)


class LettersGroup(FlaskGroup):
    """Flask's command group with the app's commands, without other packages' plugin commands.

    Flask-Limiter registers a "limiter" debugging group for every Flask app; it is not one of
    ours, and finding it meant importing Flask-Limiter at each start, even for `letters render`.
    """

    def _load_plugin_commands(self) -> None:
        self._loaded_plugin_commands = True


cli = LettersGroup(
    name="letters",
    create_app=create_app,
    add_default_commands=False,
    # Settings come from LETTERS_* variables; a stray .env must not change them silently.
    load_dotenv=False,
    help="letters: write paper letters to political prisoners in Russia.",
)
cli.add_command(checked_run_command)
cli.add_command(shell_command)
cli.add_command(routes_command)
# On the group itself, not on the app, so that they start without building the web app:
# `letters check` never needs it, `letters render` only to look prisoners up by name.
cli.add_command(check_command)
cli.add_command(render_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``letters`` script: configuration errors become one line, exit 1."""
    try:
        cli.main(args=argv, prog_name="letters")
    except ConfigurationError as error:
        click.echo(f"letters: error: {error}", err=True)
        sys.exit(1)
    except Exception as error:
        # A database error can only come from SQLAlchemy once it is loaded; commands that never
        # touch the database (render, check) start faster without importing it here.
        sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
        if sqlalchemy_exc is None or not isinstance(error, sqlalchemy_exc.SQLAlchemyError):
            raise
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        # A value the database refuses (too long, out of range) is the input's fault, not the
        # schema's: sending the user to `db upgrade` would send them the wrong way.
        hint = (
            "a value does not fit the database; shorten it"
            if isinstance(error, sqlalchemy_exc.DataError)
            else "is the schema current? run `letters db upgrade`"
        )
        click.echo(f"letters: database error: {reason} ({hint})", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
