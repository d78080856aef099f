"""A supporter's report that a prisoner's record is wrong, for the coordinators to check."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from letters.database import utcnow
from letters.extensions import db


class ReportKind(enum.StrEnum):
    """What the supporter says is wrong."""

    WRONG_ADDRESS = "wrong_address"
    TRANSFERRED = "transferred"
    RELEASED = "released"
    OTHER = "other"


class InaccuracyReport(db.Model):
    """One report; open until a coordinator marks it handled. Nothing about the reporter is kept."""

    __tablename__ = "inaccuracy_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoners.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReportKind] = mapped_column(
        Enum(
            ReportKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        )
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    handled_note: Mapped[str | None] = mapped_column(String(300))

    prisoner = relationship("Prisoner")
