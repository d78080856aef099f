"""Accounts for volunteers, coordinators and translators; supporters never need one."""

from __future__ import annotations

from flask import Flask

from letters.auth import cli, staff
from letters.auth.access import init_login
from letters.auth.views import bp


def init_app(app: Flask) -> None:
    """Register log-in and account pages, the user loader and the ``letters user`` commands."""
    init_login(app)
    app.register_blueprint(bp)
    app.register_blueprint(staff.bp)
    app.cli.add_command(cli.user_group)
