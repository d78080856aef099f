"""Volunteer and coordinator accounts."""

from __future__ import annotations

import enum
import functools
import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import DateTime, Enum, String, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from letters.database import utcnow
from letters.extensions import db

MIN_PASSWORD_LENGTH = 12


@functools.cache
def _dummy_hash(method: str) -> str:
    # Made with the same method and cost as real hashes, once per process.
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


class Role(enum.StrEnum):
    """What an account may do. A coordinator can do everything a volunteer can."""

    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"


class User(UserMixin, db.Model):
    """A person who prints letters or keeps the directory."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
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

    def has_role(self, role: Role) -> bool:
        """Coordinators may do anything volunteers may."""
        return self.role == role or self.role == Role.COORDINATOR
