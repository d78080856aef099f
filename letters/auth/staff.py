"""A coordinator's account pages: create, deactivate and re-activate accounts, make
set-password links, read the audit list."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from letters.auth.access import role_required
from letters.auth.accounts import (
    TRANSLATING_ROLES,
    AccountExists,
    IssuedLink,
    OwnAccount,
    create_account,
    issue_link,
    languages_by_account,
    set_active,
    set_languages,
)
from letters.auth.forms import ROLE_LABELS, LanguagesForm, NewAccountForm, language_names
from letters.auth.models import AccountAction, AccountEvent, Role, User
from letters.auth.views import set_password_limit
from letters.extensions import db, limiter
from letters.forms import BaseForm
from letters.once import AlreadyDone, claim, settle

bp = Blueprint("accounts", __name__, url_prefix="/coordinate/accounts")

AUDIT_PAGE_SIZE = 200
ACTION_LABELS = {
    AccountAction.CREATED: _l("created the account"),
    AccountAction.DEACTIVATED: _l("deactivated the account"),
    AccountAction.REACTIVATED: _l("re-activated the account"),
    AccountAction.PASSWORD_CHANGED: _l("changed the password"),
    AccountAction.LINK_ISSUED: _l("made a set-password link"),
    AccountAction.PASSWORD_SET_BY_LINK: _l("set the password through a link"),
    AccountAction.LANGUAGES_SET: _l("set the languages translated"),
}
# Links made (and mailed) per client address share one limit, whichever page made them.
_link_limit = limiter.shared_limit(set_password_limit, scope="set-password-links")


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _languages_prefix(user_id: int) -> str:
    # One languages form per account on the page: each needs ids of its own.
    return f"account-{user_id}"


def _accounts_page(form: NewAccountForm, status: int = 200):
    accounts = db.session.scalars(select(User).order_by(User.active.desc(), User.email)).all()
    languages = languages_by_account()
    return (
        render_template(
            "auth/accounts.html",
            form=form,
            accounts=accounts,
            role_labels=ROLE_LABELS,
            button_form=BaseForm(),
            languages=languages,
            language_forms={
                user.id: LanguagesForm(
                    formdata=None,
                    prefix=_languages_prefix(user.id),
                    data={"languages": languages.get(user.id, [])},
                )
                for user in accounts
                if user.role in TRANSLATING_ROLES and user.active
            },
            language_names=language_names,
        ),
        status,
    )


@bp.get("/")
@role_required(Role.COORDINATOR)
def index():
    """Every account, and a form to add one."""
    return _accounts_page(NewAccountForm())


@bp.post("/")
@role_required(Role.COORDINATOR)
@_link_limit
def create():
    """Create an account and make its first set-password link."""
    form = NewAccountForm()
    if not form.validate_on_submit():
        return _accounts_page(form, 422)
    try:
        claim(db.session, form.once.data)
    except AlreadyDone:
        # Sent twice (a double click): the account is made once. Its link was shown to the
        # first post only (it is kept as a digest), so this one says where to get another.
        flash(
            _(
                "The account was created by the form you sent first. If its set-password link "
                "was not kept, make a new one below."
            ),
            "info",
        )
        return redirect(url_for("accounts.index"))
    try:
        user = create_account(form.email.data, Role(form.role.data), actor=current_user)
    except AccountExists:
        db.session.rollback()  # the form's token stays free for the corrected form
        form.email.errors.append(_("An account with this e-mail address exists already."))
        return _accounts_page(form, 422)
    issued = issue_link(user, actor=current_user)
    db.session.flush()
    settle(db.session, form.once.data, str(user.id))
    db.session.commit()
    return _link_page(issued, created=True)


@bp.post("/<int:user_id>/<any(deactivate, reactivate):change>")
@role_required(Role.COORDINATOR)
def change(user_id: int, change: str):
    """Deactivate (sessions and links end at once) or re-activate an account."""
    if not BaseForm().validate_on_submit():
        abort(400)
    user = _account(user_id)
    try:
        set_active(user, change == "reactivate", actor=current_user)
    except OwnAccount:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("accounts.index"))
    db.session.commit()
    if change == "reactivate":
        flash(_("%(email)s can log in again.", email=user.email), "info")
    else:
        flash(_("%(email)s can no longer log in.", email=user.email), "info")
    return redirect(url_for("accounts.index"))


@bp.post("/<int:user_id>/languages")
@role_required(Role.COORDINATOR)
def languages(user_id: int):
    """Set the languages a translator (or coordinator) translates from."""
    form = LanguagesForm(prefix=_languages_prefix(user_id))
    if not form.validate_on_submit():
        abort(400)
    user = _account(user_id)
    if user.role not in TRANSLATING_ROLES:
        flash(_("Only translators and coordinators translate letters."), "error")
        return redirect(url_for("accounts.index"))
    changed = set_languages(user, form.languages.data or [], actor=current_user)
    db.session.commit()
    if not changed:
        flash(_("%(email)s's languages are unchanged.", email=user.email), "info")
    elif form.languages.data:
        names = language_names(form.languages.data)
        flash(
            _("%(email)s translates from: %(languages)s.", email=user.email, languages=names),
            "info",
        )
    else:
        flash(_("%(email)s translates from no language now.", email=user.email), "info")
    return redirect(url_for("accounts.index"))


@bp.post("/<int:user_id>/link")
@role_required(Role.COORDINATOR)
@_link_limit
def link(user_id: int):
    """Make a one-time set-password link for someone who forgot their password."""
    if not BaseForm().validate_on_submit():
        abort(400)
    user = _account(user_id)
    if not user.active:
        flash(_("Re-activate the account first: a deactivated account cannot log in."), "error")
        return redirect(url_for("accounts.index"))
    issued = issue_link(user, actor=current_user)
    db.session.commit()
    return _link_page(issued, created=False)


def _link_page(issued: IssuedLink, created: bool) -> Response:
    """The link, shown once: kept out of the browser's cache and history copies."""
    response = make_response(render_template("auth/link.html", issued=issued, created=created))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/audit")
@role_required(Role.COORDINATOR)
def audit():
    """Who changed which account, and when (newest first)."""
    events = db.session.scalars(
        select(AccountEvent)
        .order_by(AccountEvent.at.desc(), AccountEvent.id.desc())
        .limit(AUDIT_PAGE_SIZE + 1)  # one more, to tell whether older ones are left out
    ).all()
    return render_template(
        "auth/audit.html",
        events=events[:AUDIT_PAGE_SIZE],
        more=len(events) > AUDIT_PAGE_SIZE,
        role_labels=ROLE_LABELS,
        action_labels=ACTION_LABELS,
        language_names=language_names,
        languages_set=AccountAction.LANGUAGES_SET,
        page_size=AUDIT_PAGE_SIZE,
    )
