"""A queued letter's translation into Russian (the languages each translator reads are the
account's: letters.auth.models.TranslatorLanguage)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Select, String, Text, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from letters.database import utcnow
from letters.extensions import db


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # A CHECK constraint keeps a mistyped value out of the table.
    return Enum(
        cls,
        native_enum=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        create_constraint=True,
        name=name,
    )


# What a translation holds of the writer's letter: emptied when the letter is purged.
TRANSLATION_PERSONAL_FIELDS = (
    "original_text",
    "original_greeting",
    "original_signature",
    "text",
    "greeting",
    "signature",
    "return_note",
)


class TranslationState(enum.StrEnum):
    """Where a translation is."""

    WAITING = "waiting"  # in its language's queue
    CLAIMED = "claimed"  # a translator has it until the lease ends
    IN_REVIEW = "in_review"  # translated; a second translator is to approve it
    TRANSLATED = "translated"  # the Russian text is final
    RETURNED = "returned"  # the reviewer sent it back with a note; waiting again


class AfterTranslation(enum.StrEnum):
    """What the writer chose to happen once the letter is in Russian."""

    POST = "post"  # volunteers print and post it
    WRITER = "writer"  # it comes back to the writer to print or hand to a service


class Translation(db.Model):
    """A queued letter written in another language, and its Russian text once translated.

    The original's text, greeting and signature are copied here when the request is made: the
    letter's own fields then take the Russian, which is what the batch prints.
    """

    __tablename__ = "translations"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(
        ForeignKey("queued_letters.id", ondelete="CASCADE"), unique=True
    )
    language: Mapped[str] = mapped_column(String(12))
    after: Mapped[AfterTranslation] = mapped_column(
        _enum(AfterTranslation, "after_translation"), default=AfterTranslation.POST
    )
    # Personal data like the letter: emptied by the same purge (letters.batches.retention).
    original_text: Mapped[str | None] = mapped_column(Text)
    original_greeting: Mapped[str | None] = mapped_column(String(200))
    original_signature: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[TranslationState] = mapped_column(
        _enum(TranslationState, "translation_state"), default=TranslationState.WAITING
    )
    requested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    text: Mapped[str | None] = mapped_column(Text)
    greeting: Mapped[str | None] = mapped_column(String(200))
    signature: Mapped[str | None] = mapped_column(String(200))
    translated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    translated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The reviewer's reason for sending the translation back.
    return_note: Mapped[str | None] = mapped_column(String(500))

    letter = relationship("QueuedLetter")
    claimed_by = relationship("User", foreign_keys=[claimed_by_id])
    translated_by = relationship("User", foreign_keys=[translated_by_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])


def not_for_volunteers() -> Select:
    """The ids of letters volunteers must not print: those still being translated (they would
    print the original), and those the writer asked back once translated."""
    return select(Translation.letter_id).where(
        or_(
            Translation.state != TranslationState.TRANSLATED,
            Translation.after == AfterTranslation.WRITER,
        )
    )


class TranslationSettings(db.Model):
    """How translations are handled here (one row, set by a coordinator)."""

    __tablename__ = "translation_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A second translator approves each translation (or returns it with a note) before the
    # letter goes on.
    review_required: Mapped[bool] = mapped_column(Boolean, default=False)
