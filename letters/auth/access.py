"""Who may open which page."""

from __future__ import annotations

import hmac
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
    def load_user(session_id: str) -> User | None:
        # "id.mark" (User.get_id): a deactivated account or a changed password ends the session.
        number_text, _dot, mark = session_id.partition(".")
        number = parse_id(number_text)
        user = db.session.get(User, number) if number is not None else None
        if user is None or not user.active:
            return None
        return user if hmac.compare_digest(mark, user.session_mark()) else None


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
