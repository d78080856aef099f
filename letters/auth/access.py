"""Who may open which page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from letters.auth.models import Role, User
from letters.database import parse_id
from letters.extensions import db, login_manager


def init_login(app: Flask) -> None:
    """Configure Flask-Login: where to send anonymous visitors and how to load a user."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        number = parse_id(user_id)
        return db.session.get(User, number) if number is not None else None


def role_required(role: Role) -> Callable:
    """Require a logged-in account with ``role`` (coordinators pass every check)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
