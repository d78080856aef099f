"""``letters user …`` commands."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from letters.auth.accounts import AccountExists, create_account
from letters.auth.models import Role
from letters.auth.passwords import password_problem
from letters.extensions import db


@click.group("user", help="Manage volunteer, coordinator and translator accounts.")
def user_group() -> None:
    """Accounts."""


@user_group.command("create")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="volunteer prints letters; coordinator also keeps the directory and the accounts; "
    "translator translates.",
)
@click.argument("email")
@click.password_option(
    "--password",
    help="Asked for (twice) when not given; prefer the prompt, so it stays out of shell history.",
)
@with_appcontext
def create_user(role: str, email: str, password: str) -> None:
    """Create an account for EMAIL."""
    if "@" not in email:
        raise click.BadParameter("this is not an e-mail address", param_hint="EMAIL")
    with force_locale("en"):
        problem = password_problem(password, email)
        if problem is not None:
            raise click.BadParameter(str(problem), param_hint="--password")
    try:
        user = create_account(email, Role(role), actor=None, password=password)
    except AccountExists:
        raise click.ClickException(f"an account for {email} already exists") from None
    db.session.commit()
    click.echo(f"Created {role} account {user.email}.")
