"""Queued letters, the batches volunteers print them in, and every change to either."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from letters.database import utcnow
from letters.draft import REPLIES_OWN
from letters.extensions import db
from letters.messages import N_, StoredMessage, TranslatableError
from letters.pdf.layout import DEFAULT_ENVELOPE

# Unambiguous letters and digits (no 0/O, 1/I/L): the code is read aloud and typed by hand.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8
# A reply code is printed in the letter for the prisoner to send back: 12 of those characters,
# about 59 bits (README, "Replies": why that many).
REPLY_CODE_LENGTH = 12


def new_reference() -> str:
    """A short random reference code, e.g. ``K7QM-4ZPA``."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def new_reply_code() -> str:
    """A random reply code, e.g. ``K7QM-4ZPA-H3XT``: nothing in it says who wrote."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REPLY_CODE_LENGTH))
    return "-".join(raw[start : start + 4] for start in range(0, REPLY_CODE_LENGTH, 4))


def reply_code_as_typed(typed: str) -> str | None:
    """The reply code someone typed (any case, spaces, dashes), in its printed form; None when
    it cannot be one."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(cleaned) != REPLY_CODE_LENGTH or not cleaned.isascii():
        return None
    return "-".join(cleaned[start : start + 4] for start in range(0, REPLY_CODE_LENGTH, 4))


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class LetterStatus(enum.StrEnum):
    """Where a queued letter is on its way to the prisoner."""

    QUEUED = "queued"
    IN_BATCH = "in_batch"
    PRINTED = "printed"
    POSTED = "posted"
    RETURNED = "returned"  # returned or undelivered
    # Held and then cancelled by a volunteer (it could not be printed as written): its text and
    # the writer's details are deleted at once (letters.batches.holds.cancel).
    CANCELLED = "cancelled"


# A letter on its way to the printer: still to be posted.
NOT_YET_POSTED = (LetterStatus.QUEUED, LetterStatus.IN_BATCH, LetterStatus.PRINTED)


class BatchStatus(enum.StrEnum):
    """Where a batch is."""

    CLAIMED = "claimed"  # letters are reserved; files not generated yet
    READY = "ready"  # files generated, can be downloaded
    PRINTED = "printed"
    POSTED = "posted"
    CANCELLED = "cancelled"
    # Generation failed GENERATION_ATTEMPTS times (``generation_error`` says why); its letters
    # stay in the batch until a volunteer retries it or cancels it.
    FAILED = "failed"


class Reason(StoredMessage):
    """Why a letter cannot be printed, kept in ``QueuedLetter.held_reason``."""

    @classmethod
    def of(cls, error: TranslatableError) -> Reason:
        """The reason carried by a renderer or address error."""
        stored = error.stored()
        return cls(stored.msgid, stored.params, stored.translated)


class QueuedLetter(db.Model):
    """A letter a writer asked volunteers to print and post."""

    __tablename__ = "queued_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(9), unique=True, default=new_reference)
    prisoner_id: Mapped[int | None] = mapped_column(
        ForeignKey("prisoners.id", ondelete="SET NULL"), index=True
    )
    # The prisoner's facility when the letter was queued: when it differs from the current one,
    # the letter has followed a transfer and the volunteer is shown so.
    queued_facility_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilities.id", ondelete="SET NULL")
    )
    # When the recipient is not in the directory (letters imported from a file): the address
    # block as given. Otherwise the envelope is addressed from the directory at print time.
    address_text: Mapped[str | None] = mapped_column(Text)
    # Personal data, deleted RETENTION_DAYS after posting (see letters.batches.retention).
    text: Mapped[str | None] = mapped_column(Text)
    greeting: Mapped[str | None] = mapped_column(String(200))
    signature: Mapped[str | None] = mapped_column(String(200))
    sender_name: Mapped[str | None] = mapped_column(String(200))
    sender_name_cyrillic: Mapped[str | None] = mapped_column(String(200))
    # The writer's return address as read once when queued (letters.draft.SENDER_COLUMNS): the
    # address lines, without the Russian postcode and the country, which have their own.
    sender_address: Mapped[str | None] = mapped_column(Text)
    sender_postcode: Mapped[str | None] = mapped_column(String(6))
    sender_country: Mapped[str | None] = mapped_column(String(60))
    from_abroad: Mapped[bool] = mapped_column(Boolean, default=False)
    envelope_format: Mapped[str] = mapped_column(String(10), default=DEFAULT_ENVELOPE)
    reply_kit: Mapped[bool] = mapped_column(Boolean, default=False)
    letter_date: Mapped[date] = mapped_column(Date, default=date.today)
    # Replies through the organisation (letters.draft.REPLIES): the code the prisoner sends back
    # and the address for the one notice (deleted REPLY_WAIT_DAYS after posting).
    replies: Mapped[str] = mapped_column(String(12), default=REPLIES_OWN)
    reply_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    notify_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[LetterStatus] = mapped_column(
        _enum(LetterStatus), default=LetterStatus.QUEUED, index=True
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("batches.id", ondelete="SET NULL"), index=True
    )
    # Position inside its batch: files list letters in this order, so regenerating is stable.
    batch_position: Mapped[int | None] = mapped_column(Integer)
    tracking_number: Mapped[str | None] = mapped_column(String(40))
    # Why the letter cannot be printed as it is (set aside from a batch): a JSON object with the
    # message's msgid and params, shown to volunteers in their language. Such a letter waits in
    # the queue and no batch takes it (letters.batches.holds).
    held_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    posted_on: Mapped[date | None] = mapped_column(Date, index=True)
    # Returned mail (letters.batches.returns): the reason stamped on it (a RETURN_REASONS key),
    # the day it was recorded, and the facility it came back from.
    returned_reason: Mapped[str | None] = mapped_column(String(30))
    returned_on: Mapped[date | None] = mapped_column(Date)
    returned_facility_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilities.id", ondelete="SET NULL"), index=True
    )
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    prisoner = relationship("Prisoner")
    batch: Mapped[Batch | None] = relationship(back_populates="letters")
    events: Mapped[list[LetterEvent]] = relationship(
        back_populates="letter", order_by="LetterEvent.id", cascade="all, delete-orphan"
    )

    @property
    def readdressed(self) -> bool:
        """The recipient is in another facility than when the letter was queued: it follows
        them there (the batch's manifest and the writer's status page say so)."""
        prisoner = self.prisoner
        return bool(
            prisoner
            and self.queued_facility_id
            and prisoner.facility_id
            and self.queued_facility_id != prisoner.facility_id
        )


class Batch(db.Model):
    """Letters claimed together by one volunteer for printing."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[BatchStatus] = mapped_column(_enum(BatchStatus), default=BatchStatus.CLAIMED)
    envelope_format: Mapped[str] = mapped_column(String(20), default=DEFAULT_ENVELOPE)
    start_label: Mapped[int] = mapped_column(Integer, default=1)
    duplex: Mapped[bool] = mapped_column(Boolean, default=False)
    # Generation progress for the browser's progress bar (letters rendered so far).
    progress: Mapped[int] = mapped_column(Integer, default=0)
    generated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who may generate the files now, until when (see letters.batches.generation): "queued"
    # while a job waits, a worker's name while it renders. An expired lease may be taken over.
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The stored zip (letters.batches.storage): its size and SHA-256 once it is complete.
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    # Generation attempts begun since the batch was claimed (or last retried), and why the
    # last one failed: after GENERATION_ATTEMPTS the batch is FAILED rather than retried forever.
    generation_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    generation_error: Mapped[str | None] = mapped_column(String(300))

    letters: Mapped[list[QueuedLetter]] = relationship(
        back_populates="batch", order_by="QueuedLetter.batch_position"
    )
    created_by = relationship("User")

    @property
    def purged(self) -> bool:
        """True when its letters were purged: its files must never be made again."""
        return any(letter.purged_at is not None for letter in self.letters)


class LetterEvent(db.Model):
    """One change of a letter's status: what, when, by whom."""

    __tablename__ = "letter_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(
        ForeignKey("queued_letters.id", ondelete="CASCADE"), index=True
    )
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"))
    status: Mapped[LetterStatus] = mapped_column(_enum(LetterStatus))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(String(300))

    letter: Mapped[QueuedLetter] = relationship(back_populates="events")
    user = relationship("User")


class BatchFileChunk(db.Model):
    """One slice of a batch's zip, kept in the database so that every app server can serve it."""

    __tablename__ = "batch_file_chunks"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


# What Russian Post stamps on returned mail; the stamp's words are shown as printed.
RETURN_REASONS: dict[str, str] = {
    "moved": N_("«выбыл» — the addressee has left (transferred or released)"),
    "unknown": N_("«адресат не значится» — the addressee is not known there"),
    "expired": N_("«по истечении срока хранения» — not collected in time"),
    "other": N_("Another reason (write what is stamped on it)"),
}
NOTE_RETURNED = N_("returned: %(reason)s")
NOTE_RETURNED_WITH_NOTE = N_("returned: %(reason)s: %(note)s")


def return_note(reason: str | None, note: str = "") -> str | None:
    """The history's note of a return: the reason stamped, and the volunteer's words if any
    (which retention deletes with the letter's text, keeping the reason)."""
    if reason not in RETURN_REASONS:
        return None
    params = {"reason": RETURN_REASONS[reason]} | ({"note": note.strip()} if note.strip() else {})
    msgid = NOTE_RETURNED_WITH_NOTE if note.strip() else NOTE_RETURNED
    return StoredMessage(msgid, params, translated=("reason",)).dumps()
