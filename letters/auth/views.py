"""Log in and out, one's own account and password, and set-password links."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from letters.auth.accounts import change_password
from letters.auth.forms import ROLE_LABELS, ChangePasswordForm, LoginForm, SetPasswordForm
from letters.auth.models import Role, SetPasswordLink, User
from letters.auth.passwords import MIN_PASSWORD_LENGTH
from letters.extensions import db, limiter
from letters.i18n import _safe_next

bp = Blueprint("auth", __name__)

# Where each role starts after logging in.
_START_PAGE = {
    Role.COORDINATOR: "coordinator.index",
    Role.VOLUNTEER: "volunteer.queue",
    Role.TRANSLATOR: "auth.account",
}


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def set_password_limit() -> str:
    """Set-password links opened or made, per client address."""
    return current_app.config["SET_PASSWORD_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Log a volunteer, coordinator or translator in."""
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
                else url_for(_START_PAGE[user.role])
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


@bp.route("/account", methods=["GET", "POST"])
@login_required
# Each change checks the old password: as slow to guess through as the log-in form.
@limiter.limit(_login_limit, methods=["POST"])
def account():
    """The logged-in person's start page: their role's tools and their password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        elif form.check_new_password(current_user.email):
            change_password(current_user, form.new_password.data, actor=current_user)
            db.session.commit()
            # The session carries a mark of the password: renew it, so this one stays open
            # while every other session of the account ends.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are logged out."), "info")
            return redirect(url_for("auth.account"))
    status = 422 if form.errors else 200
    page = render_template(
        "auth/account.html", form=form, role_labels=ROLE_LABELS, min_length=MIN_PASSWORD_LENGTH
    )
    return page, status


@bp.route("/account/set-password", methods=["GET", "POST"])
@limiter.limit(set_password_limit)
def set_password():
    """Choose a new password through a one-time link a coordinator made.

    The token travels in the query string, which the app's logs leave out.
    """
    token = request.args.get("token", "")
    link = SetPasswordLink.find_valid(token)
    if link is None:
        return render_template("auth/link_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit() and form.check_new_password(link.user.email):
        user = link.user
        change_password(user, form.new_password.data, actor=user, by_link=True)
        db.session.commit()
        logout_user()
        flash(_("Your password is saved. Log in with it."), "info")
        return redirect(url_for("auth.login"))
    status = 422 if form.errors else 200
    page = render_template(
        "auth/set_password.html", form=form, user=link.user, min_length=MIN_PASSWORD_LENGTH
    )
    # The token is in this page's address: no cached copy.
    return page, status, {"Cache-Control": "no-store"}
