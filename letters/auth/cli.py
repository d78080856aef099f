"""``letters user …`` commands."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from letters.auth.models import MIN_PASSWORD_LENGTH, Role, User
from letters.extensions import db


@click.group("user", help="Manage volunteer and coordinator accounts.")
def user_group() -> None:
    """Accounts."""


def _validate_password(_ctx, _param, value: str) -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(f"use at least {MIN_PASSWORD_LENGTH} characters")
    return value


@user_group.command("create")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="volunteer prints letters; coordinator also keeps the directory.",
)
@click.argument("email")
@click.password_option(
    "--password",
    callback=_validate_password,
    help="Asked for (twice) when not given; prefer the prompt, so it stays out of shell history.",
)
@with_appcontext
def create_user(role: str, email: str, password: str) -> None:
    """Create an account for EMAIL."""
    if "@" not in email:
        raise click.BadParameter("this is not an e-mail address", param_hint="EMAIL")
    if User.find_by_email(email) is not None:
        raise click.ClickException(f"an account for {email} already exists")
    user = User(email=User.normalise_email(email), role=Role(role))
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} account {user.email}.")
