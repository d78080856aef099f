"""Staff accounts (volunteers, coordinators, translators), their set-password links and the
audit list of changes to them."""

from __future__ import annotations

import enum
import functools
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import DateTime, Enum, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from letters.database import utcnow
from letters.extensions import db


@functools.cache
def _dummy_hash(method: str) -> str:
    # Made with the same method and cost as real hashes, once per process.
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _enum_values(enum_class: type[enum.Enum]) -> list[str]:
    return [member.value for member in enum_class]


class Role(enum.StrEnum):
    """What an account may do. A coordinator can do everything the others can."""

    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    TRANSLATOR = "translator"


class User(UserMixin, db.Model):
    """A person who prints letters, keeps the directory or translates."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # The CHECK constraint keeps a mistyped role out of the table (migration 0008).
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            native_enum=False,
            length=20,
            values_callable=_enum_values,
            create_constraint=True,
            name="role",
        )
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @staticmethod
    def normalise_email(email: str) -> str:
        """E-mail addresses compare case-insensitively here."""
        return email.strip().lower()

    @classmethod
    def find_by_email(cls, email: str) -> User | None:
        """The account with this e-mail, if any."""
        return db.session.scalar(
            db.select(cls).where(func.lower(cls.email) == cls.normalise_email(email))
        )

    def set_password(self, password: str) -> None:
        """Store a salted hash (scrypt unless configured otherwise), never the password."""
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)

    def set_unusable_password(self) -> None:
        """A hash of a random secret nobody is told: the account waits for its set-password
        link."""
        self.set_password(secrets.token_urlsafe(32))

    def check_password(self, password: str) -> bool:
        """True when ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @classmethod
    def authenticate(cls, email: str, password: str) -> User | None:
        """The active account with this e-mail and password, else None.

        A hash is checked whether or not the account exists (or is active), so the time taken
        does not tell who has an account.
        """
        user = cls.find_by_email(email)
        matches = check_password_hash(
            user.password_hash
            if user is not None
            else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]),
            password,
        )
        return user if user is not None and matches and user.is_active else None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses log-in to inactive accounts
        return self.active

    def get_id(self) -> str:
        """The session's account reference: the id and a mark of the current password, so that
        a changed password ends every other session of the account."""
        return f"{self.id}.{self.session_mark()}"

    def session_mark(self) -> str:
        """A keyed digest of the password hash (the hash itself never enters a cookie)."""
        key = current_app.config["SECRET_KEY"].encode()
        return hmac.new(key, self.password_hash.encode(), hashlib.sha256).hexdigest()[:20]

    def has_role(self, role: Role) -> bool:
        """Coordinators may do anything the other roles may."""
        return self.role == role or self.role == Role.COORDINATOR


class TranslatorLanguage(db.Model):
    """One language an account translates from (set by a coordinator)."""

    __tablename__ = "translator_languages"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # A language code the letter check names (letters.language.LANGUAGE_NAMES).
    language: Mapped[str] = mapped_column(String(12), primary_key=True, index=True)


def token_digest(token: str) -> str:
    """What is stored of a set-password token: a random 256-bit token needs no slow hash."""
    return hashlib.sha256(token.encode()).hexdigest()


class SetPasswordLink(db.Model):
    """A one-time, expiring link that lets a person choose a new password.

    Only the token's digest is kept: a copy of the database opens no account.
    """

    __tablename__ = "set_password_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    @classmethod
    def issue(cls, user: User, now: datetime | None = None) -> tuple[SetPasswordLink, str]:
        """A new link for ``user`` (any earlier one stops working) and its token, which is
        shown or sent once and never stored."""
        withdraw_links(user)
        token = secrets.token_urlsafe(32)
        now = now or utcnow()
        hours = current_app.config["SET_PASSWORD_LINK_HOURS"]
        link = cls(
            user=user,
            token_digest=token_digest(token),
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        db.session.add(link)
        return link, token

    @classmethod
    def find_valid(cls, token: str, now: datetime | None = None) -> SetPasswordLink | None:
        """The unexpired link of an active account that ``token`` opens, else None."""
        if not token or len(token) > 100:
            return None
        link = db.session.scalar(db.select(cls).where(cls.token_digest == token_digest(token)))
        if link is None or not link.user.active:
            return None
        expires = link.expires_at
        if expires.tzinfo is None:  # SQLite returns naive datetimes (stored as UTC)
            expires = expires.replace(tzinfo=(now or utcnow()).tzinfo)
        return link if expires > (now or utcnow()) else None


def withdraw_links(user: User) -> None:
    """Make every set-password link of ``user`` stop working (used, replaced, or the account
    deactivated)."""
    db.session.execute(db.delete(SetPasswordLink).where(SetPasswordLink.user_id == user.id))


class AccountAction(enum.StrEnum):
    """What can happen to an account, as the audit list records it."""

    CREATED = "created"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    PASSWORD_CHANGED = "password_changed"
    LINK_ISSUED = "link_issued"
    PASSWORD_SET_BY_LINK = "password_set_by_link"
    LANGUAGES_SET = "languages_set"


class AccountEvent(db.Model):
    """One change to an account: who did what to whom, and when. Never a password or a token."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # None: the server's command line (``letters user create``).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[AccountAction] = mapped_column(
        Enum(AccountAction, native_enum=False, length=30, values_callable=_enum_values)
    )
    # The role given at creation, or the languages a translator was given; empty otherwise.
    detail: Mapped[str] = mapped_column(String(200), default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])


def record(action: AccountAction, subject: User, actor: User | None, detail: str = "") -> None:
    """Add ``action`` to the audit list (in the caller's transaction)."""
    db.session.add(AccountEvent(action=action, subject=subject, actor=actor, detail=detail))
