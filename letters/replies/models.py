"""The organisation's reply address, as a coordinator set it in the browser."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from letters.database import utcnow
from letters.extensions import db


class ReplyAddress(db.Model):
    """Where prisoners send replies for writers who give no address (one row: the current one).

    ``cyrillic`` and ``latin`` hold the address block as lines, the recipient first: the letter
    and a reply envelope inside Russia use the Cyrillic form, one to an address abroad the Latin.
    """

    __tablename__ = "reply_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Shown to writers: «Send replies through <organisation>».
    organisation: Mapped[str] = mapped_column(String(120))
    cyrillic: Mapped[str] = mapped_column(Text)
    latin: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
