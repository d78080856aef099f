"""Flask extensions, created once here and bound to each app in ``create_app``."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from letters.database import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()


class _LoginManager(LoginManager):
    """Session protection only for sessions that hold a log-in.

    Flask-Login's "strong" mode otherwise wipes every anonymous session that carries anything
    (a CSRF token, the chosen language) on every request, re-sending the cookie each time.
    """

    def _session_protection_failed(self) -> bool:
        from flask import session

        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


login_manager = _LoginManager()
csrf = CSRFProtect()
# No default limits: only the endpoints that need one (log-in) declare it.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
