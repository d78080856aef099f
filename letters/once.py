"""One-time form tokens: a form that creates something creates it once.

Every such form carries a random token (:class:`OnceField`). The view claims it in the
database as the first write of its transaction and records where the result is; a second post
of the same form (a double click, a resent request, another app server) finds the token taken
and is sent to the first result. The row's primary key is the guard, so it holds across workers
and servers: on PostgreSQL the second insert waits for the first transaction and then fails;
SQLite has one writer at a time.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import DateTime, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from wtforms import HiddenField

from letters.database import utcnow
from letters.extensions import db

TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)
# A form resent later than this creates again; the rows are small and are deleted after it.
KEPT_FOR = timedelta(days=1)


class FormToken(db.Model):
    """A form token already used, and the page of what it created."""

    __tablename__ = "form_tokens"

    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), primary_key=True)
    result: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def init_app(app) -> None:
    """Nothing to register but the model, which importing this module defines (for Alembic)."""


def new_token() -> str:
    """A fresh token for a form about to be shown."""
    return secrets.token_urlsafe(32)


class OnceField(HiddenField):
    """The hidden token of a form that creates something (a new one each time it is shown)."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, default=new_token, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if not isinstance(self.data, str) or not 20 <= len(self.data) <= TOKEN_LENGTH:
            self.data = None  # not ours: the post is taken as if it had none


class AlreadyDone(Exception):
    """The form was posted before; ``result`` is the page of what it created."""

    def __init__(self, result: str | None):
        super().__init__(result)
        self.result = result


def claim(session: Session, token: str | None) -> None:
    """Take ``token`` for this transaction; raise :class:`AlreadyDone` when it was taken.

    Must be the first write of the transaction (a failure rolls the session back). A post
    without a token (a page from before tokens) is simply not guarded. Flushes.
    """
    if not token:
        return
    session.execute(delete(FormToken).where(FormToken.created_at < utcnow() - KEPT_FOR))
    session.add(FormToken(token=token))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise AlreadyDone(
            session.scalar(select(FormToken.result).where(FormToken.token == token))
        ) from None


def settle(session: Session, token: str | None, result: str) -> None:
    """Record the page of what the claimed ``token`` created (in the same transaction)."""
    if token:
        session.get(FormToken, token).result = result
