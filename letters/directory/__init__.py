"""The prisoner directory: who can be written to, and where."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the directory's models and ``letters directory`` commands."""
    from letters.directory import cli, models  # noqa: F401 - models must be known to Alembic

    app.cli.add_command(cli.directory_group)
    app.cli.add_command(cli.address_group)
    app.cli.add_command(cli.name_group)
