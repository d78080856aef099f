"""The translators' queue: one per language, oldest first; a claim under a lease; an expired
claim goes back; every step in the letter's history; many translators at once never share a
letter and lose none."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from letters.batches.models import LetterEvent
from letters.database import utcnow
from letters.extensions import db
from letters.messages import StoredMessage
from letters.translating.models import Translation, TranslationState
from letters.translating.queue import (
    NOTE_CLAIMED,
    NOTE_EXPIRED,
    NOTE_REQUESTED,
    NothingToClaim,
    claim,
    release_expired,
    waiting,
)
from tests.translating.conftest import ask_for_translation, state_of, translator


def history(translation_id: int) -> list[str]:
    """The msgids of the letter's events, in order."""
    letter_id = db.session.get(Translation, translation_id).letter_id
    notes = db.session.scalars(
        select(LetterEvent.note).where(LetterEvent.letter_id == letter_id).order_by(LetterEvent.id)
    )
    return [StoredMessage.loads(note).msgid for note in notes if note]


def test_each_language_has_its_queue_oldest_first(app, waiting_room):
    with app.app_context():
        english = ask_for_translation(3, "en")
        german = ask_for_translation(2, "de")
        assert [t.id for t in waiting(db.session, "en")] == english
        assert [t.id for t in waiting(db.session, "de")] == german
        assert waiting(db.session, "fr") == []


def test_a_translator_claims_the_oldest_letter_in_their_languages(app, waiting_room):
    anna = translator(app, "anna@example.org", "de")
    with app.app_context():
        english = ask_for_translation(2, "en")
        german = ask_for_translation(1, "de")
        taken = claim(db.session, anna)
        assert taken.id == german[0]
        assert taken.state == TranslationState.CLAIMED and taken.claimed_by_id == anna.id
        lease = taken.lease_expires_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None)
        assert timedelta(hours=47) < lease <= timedelta(hours=48)
        # Nothing more in German; the English letters are not hers.
        with pytest.raises(NothingToClaim):
            claim(db.session, anna)
        with pytest.raises(NothingToClaim):
            claim(db.session, anna, english[0])
        assert [t.id for t in waiting(db.session, "en")] == english
        assert history(german[0]) == [NOTE_REQUESTED, NOTE_CLAIMED]


def test_a_claimed_letter_is_nobody_elses(app, waiting_room):
    anna = translator(app, "anna@example.org", "en")
    boris = translator(app, "boris@example.org", "en")
    with app.app_context():
        first, second = ask_for_translation(2)
        assert claim(db.session, anna, first).id == first
        with pytest.raises(NothingToClaim):
            claim(db.session, boris, first)
        assert claim(db.session, boris).id == second
        with pytest.raises(NothingToClaim):
            claim(db.session, boris)
        assert state_of(first).claimed_by_id == anna.id


def test_the_lease_is_set_in_hours(make_app, sample_directory):
    app = make_app(TRANSLATION_LEASE_HOURS=2)
    anna = translator(app, "anna@example.org", "en")
    with app.app_context():
        (only,) = ask_for_translation(1)
        now = utcnow()
        taken = claim(db.session, anna, now=now)
        expires = taken.lease_expires_at.replace(tzinfo=None)
        assert expires == (now + timedelta(hours=2)).replace(tzinfo=None)
        assert only == taken.id


def test_an_expired_claim_goes_back_to_the_queue(app, waiting_room):
    anna = translator(app, "anna@example.org", "en")
    boris = translator(app, "boris@example.org", "en")
    with app.app_context():
        (only,) = ask_for_translation(1)
        then = utcnow()
        claim(db.session, anna, now=then)
        almost = then + timedelta(hours=48) - timedelta(seconds=1)
        with pytest.raises(NothingToClaim):
            claim(db.session, boris, now=almost)
        assert release_expired(db.session, almost) == 0
        later = then + timedelta(hours=48, seconds=1)
        taken = claim(db.session, boris, now=later)
        assert taken.id == only and taken.claimed_by_id == boris.id
        assert history(only) == [NOTE_REQUESTED, NOTE_CLAIMED, NOTE_EXPIRED, NOTE_CLAIMED]
        users = db.session.scalars(
            select(LetterEvent.user_id)
            .where(LetterEvent.letter_id == taken.letter_id, LetterEvent.note.is_not(None))
            .order_by(LetterEvent.id)
        ).all()
        assert users == [None, anna.id, None, boris.id]


def test_release_puts_every_expired_claim_back(app, waiting_room):
    anna = translator(app, "anna@example.org", "en")
    with app.app_context():
        ids = ask_for_translation(2)
        then = utcnow()
        claim(db.session, anna, now=then)
        claim(db.session, anna, now=then)
        assert waiting(db.session, "en") == []
        assert release_expired(db.session, then + timedelta(hours=49)) == 2
        back = waiting(db.session, "en")
        assert [t.id for t in back] == ids
        assert all(t.claimed_by_id is None and t.lease_expires_at is None for t in back)


TRANSLATORS = 20
LETTERS = 50


def test_twenty_translators_at_once_claim_every_letter_once(app, waiting_room):
    """On PostgreSQL (and SQLite): every letter claimed exactly once, none lost."""
    people = [translator(app, f"t{n}@example.org", "en") for n in range(TRANSLATORS)]
    with app.app_context():
        ids = ask_for_translation(LETTERS)
    claimed: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(TRANSLATORS)

    def translate(person) -> None:
        with app.app_context():
            try:
                start.wait()
                while True:
                    try:
                        taken = claim(db.session, person)
                    except NothingToClaim:
                        return
                    claimed.append((taken.id, person.id))
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=translate, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert errors == []
    taken = [translation for translation, _person in claimed]
    assert len(taken) == len(set(taken)), "a letter was claimed twice"
    assert sorted(taken) == sorted(ids), "a letter was lost"
    with app.app_context():
        rows = db.session.execute(select(Translation.id, Translation.claimed_by_id)).all()
        assert sorted(rows) == sorted(claimed)
        assert waiting(db.session, "en") == []
        for translation in ids:
            assert history(translation) == [NOTE_REQUESTED, NOTE_CLAIMED]
