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
from sqlalchemy import ColumnElement, and_, case, delete, or_, select, update
from sqlalchemy.orm import Session

from letters.auth.models import TranslatorLanguage, User
from letters.batches.models import LetterEvent, QueuedLetter
from letters.database import utcnow
from letters.messages import N_, coded
from letters.translating.models import (
    AfterTranslation,
    Translation,
    TranslationSettings,
    TranslationState,
)

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
            # A translation the reviewer returned goes back as returned: its note stays with it.
            .values(
                state=case(
                    (Translation.return_note.is_not(None), TranslationState.RETURNED.value),
                    else_=TranslationState.WAITING.value,
                ),
                claimed_by_id=None,
                lease_expires_at=None,
            )
            .returning(Translation.letter_id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )
    for letter_id in released:
        _event(session, letter_id, None, coded(NOTE_EXPIRED))
    # A review left alone: another reviewer may take it.
    session.execute(
        update(Translation)
        .where(Translation.state == TranslationState.IN_REVIEW, Translation.lease_expires_at < now)
        .values(claimed_by_id=None, lease_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return len(released)


# A translation a reviewer returned waits again, for the next translator to revise.
OPEN_STATES = (TranslationState.WAITING, TranslationState.RETURNED)


def waiting(session: Session, language: str) -> list[Translation]:
    """``language``'s queue, oldest request first."""
    return list(
        session.scalars(
            select(Translation)
            .where(Translation.language == language, Translation.state.in_(OPEN_STATES))
            .order_by(Translation.requested_at, Translation.id)
        )
    )


def _languages(user: User):
    return select(TranslatorLanguage.language).where(TranslatorLanguage.user_id == user.id)


def _claimable(user: User) -> ColumnElement[bool]:
    return and_(Translation.state.in_(OPEN_STATES), Translation.language.in_(_languages(user)))


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


def _change(
    session: Session, where: ColumnElement[bool], values: dict, refused: type[Exception]
) -> int:
    """One conditional ``UPDATE`` of a translation; its letter's id, or ``refused`` raised
    (and the transaction rolled back) when the condition no longer holds."""
    letter_id = session.execute(
        update(Translation)
        .where(where)
        .values(values)
        .returning(Translation.letter_id)
        .execution_options(synchronize_session=False)
    ).scalar()
    if letter_id is None:
        session.rollback()
        raise refused
    return letter_id


def held_by(user: User, state: TranslationState, now: datetime) -> ColumnElement[bool]:
    """In ``state`` under ``user``'s live claim (to translate, or to review)."""
    return and_(
        Translation.state == state,
        Translation.claimed_by_id == user.id,
        Translation.lease_expires_at >= now,
    )


class ClaimLost(Exception):
    """The translator's claim ended (its time ran out, or another translator has the letter)
    before the translation was sent."""


def mine(session: Session, user: User, now: datetime | None = None) -> list[Translation]:
    """The letters ``user`` holds a live claim on (to translate or to review), the one whose
    time ends first first."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(Translation)
            .where(
                Translation.state.in_((TranslationState.CLAIMED, TranslationState.IN_REVIEW)),
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
    reviewed = review_required(session)
    done = _change(
        session,
        and_(Translation.id == translation_id, held_by(user, TranslationState.CLAIMED, now)),
        dict(
            state=TranslationState.IN_REVIEW if reviewed else TranslationState.TRANSLATED,
            text=text,
            greeting=greeting or None,
            signature=signature or None,
            translated_at=now,
            translated_by_id=user.id,
            claimed_by_id=None,
            lease_expires_at=None,
        ),
        ClaimLost,
    )
    _event(session, done, user.id, coded(NOTE_TRANSLATED))
    if not reviewed:
        _carry_russian(session, translation_id)
    session.commit()
    return session.get(Translation, translation_id, populate_existing=True)


def _carry_russian(session: Session, translation_id: int) -> None:
    """The letter takes its final Russian text, greeting and signature: what is printed."""
    translation = session.get(Translation, translation_id, populate_existing=True)
    session.execute(
        update(QueuedLetter)
        .where(QueuedLetter.id == translation.letter_id)
        .values(
            text=translation.text, greeting=translation.greeting, signature=translation.signature
        )
        .execution_options(synchronize_session=False)
    )


def review_required(session: Session) -> bool:
    """Whether a second translator approves each translation (a coordinator's setting)."""
    return bool(session.scalar(select(TranslationSettings.review_required)))


def require_review(session: Session, required: bool) -> None:
    """Set whether translations are reviewed (in the caller's transaction). Translations
    already waiting for review stay so; new ones follow the setting."""
    settings = session.scalar(select(TranslationSettings)) or TranslationSettings(id=1)
    settings.review_required = required
    session.add(settings)


NOTE_REVIEW_TAKEN = N_("taken by a reviewer")
NOTE_APPROVED = N_("translation approved by a second translator")
NOTE_RETURNED = N_("translation returned by the reviewer, to be revised")


def _reviewable(user: User, now: datetime) -> ColumnElement[bool]:
    """Waiting for review, in the user's languages, not the user's own translation, and not
    under another reviewer's live claim."""
    return and_(
        Translation.state == TranslationState.IN_REVIEW,
        Translation.language.in_(_languages(user)),
        Translation.translated_by_id != user.id,
        or_(Translation.claimed_by_id.is_(None), Translation.lease_expires_at < now),
    )


def to_review(session: Session, user: User, now: datetime | None = None) -> list[Translation]:
    """Translations ``user`` may review, oldest request first."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(Translation)
            .where(_reviewable(user, now))
            .order_by(Translation.requested_at, Translation.id)
        )
    )


def claim_review(
    session: Session, user: User, translation_id: int, now: datetime | None = None
) -> Translation:
    """Give ``user`` a translation to review under a lease; NothingToClaim when it is no longer
    for them to review."""
    now = now or utcnow()
    session.commit()
    taken = _change(
        session,
        and_(Translation.id == translation_id, _reviewable(user, now)),
        dict(claimed_by_id=user.id, lease_expires_at=now + lease()),
        NothingToClaim,
    )
    _event(session, taken, user.id, coded(NOTE_REVIEW_TAKEN))
    session.commit()
    return session.get(Translation, translation_id, populate_existing=True)


def review(
    session: Session,
    translation_id: int,
    user: User,
    note: str | None = None,
    now: datetime | None = None,
) -> Translation:
    """Approve the translation ``user`` reviews (``note`` None): the letter then goes on in
    Russian; or return it with ``note``, to be revised. ClaimLost when the review is no longer
    theirs."""
    now = now or utcnow()
    session.commit()
    if note is None:
        values = {"state": TranslationState.TRANSLATED, "return_note": None}
    else:
        values = {"state": TranslationState.RETURNED, "return_note": note}
    done = _change(
        session,
        and_(Translation.id == translation_id, held_by(user, TranslationState.IN_REVIEW, now)),
        values | {"reviewed_by_id": user.id, "claimed_by_id": None, "lease_expires_at": None},
        ClaimLost,
    )
    if note is None:
        _carry_russian(session, translation_id)
        _event(session, done, user.id, coded(NOTE_APPROVED))
    else:
        _event(session, done, user.id, coded(NOTE_RETURNED))
    session.commit()
    return session.get(Translation, translation_id, populate_existing=True)


def languages_translated(session: Session) -> list[str]:
    """The languages some active account translates from, for the letter page's live offer."""
    query = (
        select(TranslatorLanguage.language)
        .join(User, User.id == TranslatorLanguage.user_id)
        .where(User.active.is_(True))
        .distinct()
        .order_by(TranslatorLanguage.language)
    )
    return list(session.scalars(query))


def translators_read(session: Session, language: str) -> bool:
    """Whether an active account translates from ``language``."""
    return language in languages_translated(session)


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
