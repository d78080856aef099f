"""The organisation's reply address, as a coordinator set it in the browser, and the replies
that come back to it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class ReplyState(enum.StrEnum):
    """Where a reply that came back by post is, from its arrival to its being forgotten."""

    # No letter known for it yet (no QR code read, none typed, or a code of no letter): it waits
    # on the volunteers' list to resolve, never lost.
    UNMATCHED = "unmatched"
    # Matched to a letter; a volunteer checks the match before the writer sees anything.
    TO_CONFIRM = "to_confirm"
    # The writer's page shows it.
    DELIVERED = "delivered"
    # Its pages are deleted (letters.replies.inbox.purge); that it arrived, and when, stays.
    FORGOTTEN = "forgotten"


class Reply(db.Model):
    """A prisoner's reply, as scanned or photographed by a volunteer at the reply address.

    Holds no words of the reply: those are the pages' images (``ReplyPage``), deleted on time.
    """

    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[ReplyState] = mapped_column(
        Enum(
            ReplyState,
            native_enum=False,
            length=12,
            values_callable=lambda states: [state.value for state in states],
            create_constraint=True,  # a mistyped state stays out of the table
            name="reply_state",
        ),
        default=ReplyState.UNMATCHED,
        index=True,
    )
    # A prisoner may answer one letter more than once (the code is on the envelope they keep);
    # while one reply waits for confirmation, another to the same letter is refused, so that
    # the pages of one reply are not split in two (letters.replies.inbox).
    letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("queued_letters.id", ondelete="SET NULL"), index=True
    )
    # Kept when the letter's personal data goes: coordinators count replies per prisoner.
    prisoner_id: Mapped[int | None] = mapped_column(
        ForeignKey("prisoners.id", ondelete="SET NULL"), index=True
    )
    # A code read from a QR code that matched no letter (shown on the list to resolve).
    code_read: Mapped[str | None] = mapped_column(String(14))
    # "upload" (the Replies page) or "import" (`letters replies import`).
    received_via: Mapped[str] = mapped_column(String(10), default="upload")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # When the writer first opened it: the retention span counts from here.
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    forgotten_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    page_count: Mapped[int] = mapped_column(Integer, default=0)

    letter = relationship("QueuedLetter", foreign_keys=[letter_id])
    prisoner = relationship("Prisoner", foreign_keys=[prisoner_id])
    pages: Mapped[list[ReplyPage]] = relationship(
        back_populates="reply", order_by="ReplyPage.number", cascade="all, delete-orphan"
    )


class ReplyPage(db.Model):
    """One page of a reply: an image re-encoded on arrival, its bytes in ``ReplyPageChunk``s."""

    __tablename__ = "reply_pages"
    __table_args__ = (UniqueConstraint("reply_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # from 1
    media_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    # The same picture uploaded again is recognised by it (re-encoding is deterministic).
    sha256: Mapped[str] = mapped_column(String(64), index=True)

    reply: Mapped[Reply] = relationship(back_populates="pages")


class ReplyPageChunk(db.Model):
    """One slice of a page's image, kept in the database so that every app server serves it."""

    __tablename__ = "reply_page_chunks"

    page_id: Mapped[int] = mapped_column(
        ForeignKey("reply_pages.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
