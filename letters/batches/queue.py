"""Putting letters in the queue and recording what happens to them."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from letters.batches.models import LetterEvent, LetterStatus, QueuedLetter, new_reference
from letters.directory.models import Prisoner
from letters.writing.compose import Draft

REFERENCE_ATTEMPTS = 5


def enqueue(session: Session, prisoner: Prisoner, draft: Draft) -> QueuedLetter:
    """Queue a letter for volunteers; the envelope is addressed from the directory at print time."""
    for _ in range(REFERENCE_ATTEMPTS):
        letter = QueuedLetter(
            reference=new_reference(),
            prisoner=prisoner,
            queued_facility_id=prisoner.facility_id,
            text=draft.text,
            greeting=draft.greeting,
            signature=draft.signature,
            sender_name=draft.sender_name,
            sender_address="\n".join(
                p
                for p in (draft.sender_address, draft.sender_country if draft.from_abroad else None)
                if p
            )
            or None,
            from_abroad=draft.from_abroad,
            envelope_format=draft.envelope_format,
            reply_kit=draft.reply_kit,
        )
        letter.events.append(LetterEvent(status=LetterStatus.QUEUED))
        session.add(letter)
        try:
            session.commit()
            return letter
        except IntegrityError:  # a reference collision: 31^8 codes make this vanishingly rare
            session.rollback()
    raise RuntimeError("could not find a free reference code")


def find_by_reference(session: Session, code: str) -> QueuedLetter | None:
    """The letter with this reference, however the writer typed it (case, spaces, dash)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(cleaned) != 8:
        return None
    reference = f"{cleaned[:4]}-{cleaned[4:]}"
    return session.query(QueuedLetter).filter_by(reference=reference).one_or_none()
