"""An evening, its shortlist of prisoners, and the letters written at it."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from letters.batches.models import REFERENCE_ALPHABET, Batch, QueuedLetter
from letters.database import utcnow
from letters.extensions import db

# 31^10 codes: guessing one of a few dozen live evenings takes millions of years at the rate
# /e/ lets one client guess (README, "Letter-writing evenings"). Evenings made before kept
# their six-character codes, which still open them.
CODE_LENGTH = 10
CODE_COLUMN_LENGTH = 12
# Letters participants may add to one evening (its organiser sets it): a room's worth.
DEFAULT_LETTER_LIMIT = 300
MAX_LETTER_LIMIT = 5000


def new_code() -> str:
    """A random code for the evening's link, easy to type from a screen."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(CODE_LENGTH))


class Evening(db.Model):
    """A letter-writing evening organised by a volunteer."""

    __tablename__ = "evenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_COLUMN_LENGTH), unique=True, default=new_code)
    name: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    # Set when the organiser closes the evening: its link then takes no more letters.
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # At most this many letters a day from participants (letters.evenings.views.write): they
    # share one address, so no per-address limit could tell a room from a flood.
    letter_limit: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_LETTER_LIMIT, server_default=str(DEFAULT_LETTER_LIMIT)
    )

    shortlist: Mapped[list[EveningPrisoner]] = relationship(
        order_by="EveningPrisoner.position", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        """Whether the evening's link still takes letters."""
        return self.closed_at is None


class EveningPrisoner(db.Model):
    """One prisoner on an evening's shortlist.

    No unique constraint over (evening, prisoner): merging two records re-points both rows to
    the kept one, and pages show each person once.
    """

    __tablename__ = "evening_prisoners"

    id: Mapped[int] = mapped_column(primary_key=True)
    evening_id: Mapped[int] = mapped_column(
        ForeignKey("evenings.id", ondelete="CASCADE"), index=True
    )
    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoners.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)

    prisoner = relationship("Prisoner")


class EveningLetter(db.Model):
    """A queued letter written at an evening: it waits in the evening's own queue."""

    __tablename__ = "evening_letters"

    letter_id: Mapped[int] = mapped_column(
        ForeignKey("queued_letters.id", ondelete="CASCADE"), primary_key=True
    )
    evening_id: Mapped[int] = mapped_column(
        ForeignKey("evenings.id", ondelete="CASCADE"), index=True
    )


def evening_batches(session: Session, evening: Evening) -> list[Batch]:
    """The batches the evening's letters were printed in, oldest first."""
    taken = (
        select(QueuedLetter.batch_id)
        .join(EveningLetter, EveningLetter.letter_id == QueuedLetter.id)
        .where(EveningLetter.evening_id == evening.id)
    )
    return list(session.scalars(select(Batch).where(Batch.id.in_(taken)).order_by(Batch.id)))


def batch_evening(session: Session, batch: Batch) -> Evening | None:
    """The evening whose letters ``batch`` prints, if it is an evening's batch."""
    return session.scalar(
        select(Evening)
        .join(EveningLetter, EveningLetter.evening_id == Evening.id)
        .join(QueuedLetter, QueuedLetter.id == EveningLetter.letter_id)
        .where(QueuedLetter.batch_id == batch.id)
        .limit(1)
    )
