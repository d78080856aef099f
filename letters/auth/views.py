"""Log in and out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from letters.auth.forms import LoginForm
from letters.auth.models import User
from letters.extensions import limiter
from letters.i18n import _safe_next

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Log a volunteer or coordinator in."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.account"))
    form = LoginForm()
    if form.validate_on_submit():
        user = User.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(
                _safe_next(request.args.get("next"))
                if request.args.get("next")
                else url_for(
                    "coordinator.index" if user.role.value == "coordinator" else "volunteer.queue"
                )
            )
        # One message for both cases, so the form does not reveal which e-mails have accounts.
        form.password.errors.append(_("The e-mail or the password is wrong."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
@login_required
def logout():
    """End the session."""
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("web.home"))


@bp.get("/account")
@login_required
def account():
    """The logged-in person's start page, with the tools their role opens."""
    return render_template("auth/account.html")
