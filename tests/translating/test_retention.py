"""A translated letter's original and its Russian are personal data like the letter: the same
purge forgets them, from the rows and from the database's pages."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from letters.batches import lifecycle
from letters.batches.claims import Selection, create_batch
from letters.batches.generation import generate_files
from letters.batches.models import Batch, QueuedLetter
from letters.batches.queue import enqueue
from letters.batches.retention import forget_letter, purge
from letters.database import utcnow
from letters.directory.models import Prisoner
from letters.draft import Draft
from letters.extensions import db
from letters.translating.models import AfterTranslation, Translation
from letters.translating.queue import claim, request_translation, submit
from tests.security.leftovers import in_database_files, in_tables
from tests.translating.conftest import translator

# Words that appear nowhere else: in the original, and in the Russian translation.
ORIGINAL_MARKER = "Quokkaville"
RUSSIAN_MARKER = "Зябликово"
MARKERS = [ORIGINAL_MARKER, RUSSIAN_MARKER]
# Longer than an SQLite page: kept in overflow pages, which the purge frees and must zero.
ORIGINAL = f"Dear friend, I write to you from {ORIGINAL_MARKER}. " + "We think of you. " * 300
RUSSIAN = f"Дорогой друг, пишу Вам из города {RUSSIAN_MARKER}. " + "Мы думаем о Вас. " * 300


def translated_letter(app, after: AfterTranslation) -> int:
    """A letter written in English and translated; its id."""
    anna = translator(app, "anna@example.org", "en")
    with app.app_context():
        prisoner = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        letter = enqueue(db.session, prisoner, Draft.from_typed(ORIGINAL, greeting="Hello,"))
        request_translation(db.session, letter, "en", after)
        db.session.commit()
        translation = claim(db.session, anna)
        submit(db.session, translation.id, anna, (RUSSIAN, "Здравствуйте!", "Анна"))
        return letter.id


def assert_forgotten(app) -> None:
    with app.app_context():
        assert in_tables(db.engine, MARKERS) == {}
        leftovers = in_database_files(db.engine, MARKERS)
        assert leftovers in ({}, None), leftovers
        translation = db.session.scalars(db.select(Translation)).one()
        assert translation.original_text is None and translation.text is None
        assert translation.original_greeting is None and translation.greeting is None


def test_a_posted_translation_is_forgotten_by_the_purge(app, sample_directory):
    translated_letter(app, AfterTranslation.POST)
    with app.app_context():
        batch = create_batch(db.session, None, Selection())
        generate_files(app, batch)
        batch = db.session.get(Batch, batch.id)
        lifecycle.mark_printed(db.session, batch, None)
        lifecycle.mark_posted(db.session, batch, None, on=date.today() - timedelta(days=31))
        db.session.commit()
        assert set(in_tables(db.engine, MARKERS)["translations"]) == set(MARKERS)
        assert purge(db.session, 30) == 1
    assert_forgotten(app)


def test_a_letter_asked_back_is_forgotten_as_long_after_its_translation(app, sample_directory):
    letter_id = translated_letter(app, AfterTranslation.WRITER)
    with app.app_context():
        assert purge(db.session, 30) == 0
        assert set(in_tables(db.engine, MARKERS)["translations"]) == set(MARKERS)
        db.session.execute(update(Translation).values(translated_at=utcnow() - timedelta(days=31)))
        db.session.commit()
        assert purge(db.session, 30) == 1
        assert db.session.get(QueuedLetter, letter_id).purged_at is not None
    assert_forgotten(app)


def test_forgetting_one_letter_forgets_its_translation(app, sample_directory):
    letter_id = translated_letter(app, AfterTranslation.POST)
    with app.app_context():
        forget_letter(db.session, db.session.get(QueuedLetter, letter_id))
    assert_forgotten(app)
