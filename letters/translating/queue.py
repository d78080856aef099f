"""The translators' queue: one per language, oldest first; taking a letter is a claim under a
lease, like a volunteer's batch.

A claim is one conditional ``UPDATE … WHERE state = 'waiting' … RETURNING``: on PostgreSQL its
candidate row is chosen with ``FOR UPDATE SKIP LOCKED``, so translators claiming at once take
different letters without waiting for each other; SQLite has one writer at a time, and the
``WHERE state = 'waiting'`` of the update is the guard on both. A claim left alone past its
lease (``TRANSLATION_LEASE_HOURS``) goes back to the queue. Every step is an event in the
letter's history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, delete, select, update
from sqlalchemy.orm import Session

from letters.auth.models import TranslatorLanguage, User
from letters.batches.models import LetterEvent, QueuedLetter
from letters.database import utcnow
from letters.messages import N_, coded
from letters.translating.models import AfterTranslation, Translation, TranslationState

NOTE_REQUESTED = N_("translation into Russian requested")
NOTE_CLAIMED = N_("taken by a translator")
NOTE_EXPIRED = N_("the translator's time ran out: back in the translation queue")


class NothingToClaim(Exception):
    """No letter waits in the translator's languages (or others claimed them first)."""


def lease() -> timedelta:
    """How long a claim lasts (``LETTERS_TRANSLATION_LEASE_HOURS``)."""
    return timedelta(hours=current_app.config["TRANSLATION_LEASE_HOURS"])


def _event(session: Session, letter_id: int, user_id: int | None, note: str) -> None:
    # The letter stays queued while it is translated: the note says what happened to it.
    status = session.scalar(select(QueuedLetter.status).where(QueuedLetter.id == letter_id))
    session.add(LetterEvent(letter_id=letter_id, status=status, user_id=user_id, note=note))


def request_translation(
    session: Session,
    letter: QueuedLetter,
    language: str,
    after: AfterTranslation,
    user: User | None = None,
) -> Translation:
    """Put a queued letter in ``language``'s translation queue (in the caller's transaction).

    The original text, greeting and signature are kept on the translation; the letter's own
    fields take the Russian once it is translated.
    """
    translation = Translation(
        letter_id=letter.id,
        language=language,
        after=after,
        original_text=letter.text,
        original_greeting=letter.greeting,
        original_signature=letter.signature,
        state=TranslationState.WAITING,
        requested_at=utcnow(),
    )
    session.add(translation)
    _event(session, letter.id, user.id if user else None, coded(NOTE_REQUESTED))
    return translation


def languages_of(session: Session, user: User) -> list[str]:
    """The codes of the languages ``user`` translates from."""
    query = select(TranslatorLanguage.language).where(TranslatorLanguage.user_id == user.id)
    return sorted(session.scalars(query))


def release_expired(session: Session, now: datetime | None = None) -> int:
    """Put every claim whose lease has ended back in the queue, each with an event; commits.
    Returns how many went back."""
    now = now or utcnow()
    released = (
        session.execute(
            update(Translation)
            .where(
                Translation.state == TranslationState.CLAIMED, Translation.lease_expires_at < now
            )
            .values(state=TranslationState.WAITING, claimed_by_id=None, lease_expires_at=None)
            .returning(Translation.letter_id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )
    for letter_id in released:
        _event(session, letter_id, None, coded(NOTE_EXPIRED))
    session.commit()
    return len(released)


def waiting(session: Session, language: str) -> list[Translation]:
    """``language``'s queue, oldest request first."""
    return list(
        session.scalars(
            select(Translation)
            .where(Translation.language == language, Translation.state == TranslationState.WAITING)
            .order_by(Translation.requested_at, Translation.id)
        )
    )


def _claimable(user: User) -> ColumnElement[bool]:
    languages = select(TranslatorLanguage.language).where(TranslatorLanguage.user_id == user.id)
    return and_(Translation.state == TranslationState.WAITING, Translation.language.in_(languages))


def claim(
    session: Session,
    user: User,
    translation_id: int | None = None,
    now: datetime | None = None,
    language: str | None = None,
) -> Translation:
    """Give ``user`` one waiting letter in their languages under a lease, in a transaction of
    its own: ``translation_id`` when it still waits, else (None) the oldest (of ``language``,
    when given).

    Raises NothingToClaim when no such letter waits (another translator may have taken it).
    """
    now = now or utcnow()
    session.commit()
    release_expired(session, now)
    chosen = (
        select(Translation.id)
        .where(_claimable(user))
        .order_by(Translation.requested_at, Translation.id)
        .limit(1)
        # Lock only the chosen row, skipping those other claims hold; SQLite ignores this.
        .with_for_update(skip_locked=True)
    )
    if translation_id is not None:
        chosen = chosen.where(Translation.id == translation_id)
    if language is not None:
        chosen = chosen.where(Translation.language == language)
    claimed = session.execute(
        update(Translation)
        .where(Translation.id == chosen.scalar_subquery(), _claimable(user))
        .values(
            state=TranslationState.CLAIMED,
            claimed_by_id=user.id,
            lease_expires_at=now + lease(),
        )
        .returning(Translation.id, Translation.letter_id)
        .execution_options(synchronize_session=False)
    ).first()
    if claimed is None:
        session.rollback()
        raise NothingToClaim
    _event(session, claimed.letter_id, user.id, coded(NOTE_CLAIMED))
    session.commit()
    return session.get(Translation, claimed.id, populate_existing=True)


NOTE_TRANSLATED = N_("translated into Russian")


class ClaimLost(Exception):
    """The translator's claim ended (its time ran out, or another translator has the letter)
    before the translation was sent."""


def mine(session: Session, user: User, now: datetime | None = None) -> list[Translation]:
    """The letters ``user`` holds a live claim on, the one whose time ends first first."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(Translation)
            .where(
                Translation.state == TranslationState.CLAIMED,
                Translation.claimed_by_id == user.id,
                Translation.lease_expires_at >= now,
            )
            .order_by(Translation.lease_expires_at, Translation.id)
        )
    )


def submit(
    session: Session,
    translation_id: int,
    user: User,
    russian: tuple[str, str, str],
    now: datetime | None = None,
) -> Translation:
    """Store the Russian text, greeting and signature of a letter ``user`` holds, in a
    transaction of its own; the letter then carries the Russian, which is what is printed.

    The claim is checked in the same ``UPDATE`` that stores the text: a claim whose time ran
    out (or that another translator took over) raises ClaimLost and changes nothing.
    """
    now = now or utcnow()
    text, greeting, signature = russian
    session.commit()
    done = session.execute(
        update(Translation)
        .where(
            Translation.id == translation_id,
            Translation.state == TranslationState.CLAIMED,
            Translation.claimed_by_id == user.id,
            Translation.lease_expires_at >= now,
        )
        .values(
            state=TranslationState.TRANSLATED,
            text=text,
            greeting=greeting or None,
            signature=signature or None,
            translated_at=now,
            translated_by_id=user.id,
            lease_expires_at=None,
        )
        .returning(Translation.letter_id)
        .execution_options(synchronize_session=False)
    ).scalar()
    if done is None:
        session.rollback()
        raise ClaimLost
    session.execute(
        update(QueuedLetter)
        .where(QueuedLetter.id == done)
        .values(text=text, greeting=greeting or None, signature=signature or None)
        .execution_options(synchronize_session=False)
    )
    _event(session, done, user.id, coded(NOTE_TRANSLATED))
    session.commit()
    return session.get(Translation, translation_id, populate_existing=True)


def translators_read(session: Session, language: str) -> bool:
    """Whether an active account translates from ``language``."""
    query = (
        select(TranslatorLanguage.user_id)
        .join(User, User.id == TranslatorLanguage.user_id)
        .where(TranslatorLanguage.language == language, User.active.is_(True))
        .limit(1)
    )
    return session.scalar(query) is not None


def of_letter(session: Session, letter: QueuedLetter) -> Translation | None:
    """The letter's translation, when it was written in another language."""
    return session.scalar(select(Translation).where(Translation.letter_id == letter.id))


def withdraw(session: Session, letter: QueuedLetter) -> bool:
    """Delete a letter that still waits for a translator, with its translation and history;
    False (nothing changed) once a translator has taken it. Commits."""
    taken_back = session.execute(
        delete(Translation)
        .where(Translation.letter_id == letter.id, Translation.state == TranslationState.WAITING)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not taken_back:
        session.rollback()
        return False
    session.delete(letter)
    session.commit()
    return True
