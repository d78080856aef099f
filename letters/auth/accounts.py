"""Changes to staff accounts, each recorded in the audit list in the same transaction.

The callers commit; nothing here sees a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import delete, select

from letters.auth.models import (
    AccountAction,
    Role,
    SetPasswordLink,
    TranslatorLanguage,
    User,
    record,
    withdraw_links,
)
from letters.extensions import db
from letters.language import LANGUAGE_NAMES
from letters.mail import (
    MESSAGE_PARTS,
    MailError,
    in_russian_and_english,
    mail_configured,
    send_mail,
)


class AccountExists(Exception):
    """An account with that e-mail address exists already."""


class OwnAccount(Exception):
    """A coordinator tried to deactivate their own account (nobody would be left to undo it)."""


@dataclass(frozen=True)
class IssuedLink:
    """A set-password link just made: shown once, or sent."""

    user: User
    url: str
    expires_at: datetime
    mailed: bool
    mail_failed: bool


def create_account(email: str, role: Role, actor: User | None, password: str | None = None) -> User:
    """A new active account with ``password`` (already checked against the rules), or none
    that anyone knows: its owner then chooses one through a set-password link."""
    if User.find_by_email(email) is not None:
        raise AccountExists(email)
    user = User(email=User.normalise_email(email), role=role)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(AccountAction.CREATED, user, actor, detail=role.value)
    return user


def set_active(user: User, active: bool, actor: User) -> None:
    """Deactivate (every session and link ends) or re-activate ``user``."""
    if user.id == actor.id and not active:
        raise OwnAccount(user.email)
    if user.active == active:
        return
    user.active = active
    if not active:
        withdraw_links(user)
    record(AccountAction.REACTIVATED if active else AccountAction.DEACTIVATED, user, actor)


# Accounts that may translate (a coordinator can do everything a translator can).
TRANSLATING_ROLES = (Role.TRANSLATOR, Role.COORDINATOR)


def languages_by_account() -> dict[int, list[str]]:
    """Every account's languages to translate from (codes, sorted)."""
    found: dict[int, list[str]] = {}
    rows = db.session.execute(
        select(TranslatorLanguage.user_id, TranslatorLanguage.language).order_by(
            TranslatorLanguage.language
        )
    )
    for user_id, language in rows:
        found.setdefault(user_id, []).append(language)
    return found


def set_languages(user: User, codes: list[str], actor: User) -> bool:
    """Replace the languages ``user`` translates from; False when nothing changed.

    Only codes the letter check names are taken: a letter reaches a translator's queue by the
    language the check found in it.
    """
    if user.role not in TRANSLATING_ROLES:
        raise ValueError(f"a {user.role} does not translate")
    wanted = sorted(set(codes))
    unknown = [code for code in wanted if code not in LANGUAGE_NAMES]
    if unknown:
        raise ValueError(f"not a language the check names: {unknown!r}")
    if wanted == languages_by_account().get(user.id, []):
        return False
    db.session.execute(delete(TranslatorLanguage).where(TranslatorLanguage.user_id == user.id))
    db.session.add_all(TranslatorLanguage(user_id=user.id, language=code) for code in wanted)
    record(AccountAction.LANGUAGES_SET, user, actor, detail=",".join(wanted))
    return True


def change_password(user: User, password: str, actor: User | None, by_link: bool = False) -> None:
    """Store ``password`` (already checked against the rules): other sessions end, links stop."""
    user.set_password(password)
    withdraw_links(user)
    action = AccountAction.PASSWORD_SET_BY_LINK if by_link else AccountAction.PASSWORD_CHANGED
    record(action, user, actor)


def issue_link(user: User, actor: User) -> IssuedLink:
    """A set-password link for ``user``, e-mailed to them when mail is configured.

    The link is also returned for the coordinator to pass on when mail is not configured or
    the server refused it.
    """
    link, token = SetPasswordLink.issue(user)
    record(AccountAction.LINK_ISSUED, user, actor)
    db.session.flush()
    url = url_for("auth.set_password", token=token, _external=True)
    mailed = mail_failed = False
    if mail_configured():
        try:
            send_mail(user.email, _link_subject(), _link_message(url, link.expires_at))
            mailed = True
        except MailError:
            mail_failed = True
    return IssuedLink(user, url, link.expires_at, mailed, mail_failed)


def _link_subject() -> str:
    return in_russian_and_english(lambda: _("Choose your password for letters"), " / ")


def _link_message(url: str, expires_at: datetime) -> str:
    return in_russian_and_english(
        lambda: _(
            "A coordinator made a link for you to choose your password for letters "
            "(letters to political prisoners):\n\n%(url)s\n\n"
            "It works once, until %(expires)s UTC. If you did not expect it, "
            "ignore this message and tell your coordinator.",
            url=url,
            expires=expires_at.strftime("%Y-%m-%d %H:%M"),
        ),
        MESSAGE_PARTS,
    )
