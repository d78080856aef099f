"""Letters waiting for translators, and translators with their languages."""

from __future__ import annotations

import pytest

from letters.auth.models import Role, TranslatorLanguage, User
from letters.batches.queue import enqueue
from letters.directory.models import Prisoner
from letters.draft import Draft
from letters.extensions import db
from letters.translating.models import AfterTranslation, Translation
from letters.translating.queue import request_translation
from tests.conftest import create_user

ENGLISH = "We think of you every day and wait for you at home."


def ask_for_translation(count: int, language: str = "en", **writer: str) -> list[int]:
    """Queue ``count`` letters (inside an app context) and ask for their translation; the
    translations' ids, in the order asked."""
    prisoner = db.session.query(Prisoner).filter_by(surname="Миронов").one()
    letter = Draft.from_typed(ENGLISH, greeting="Dear Ivan,", signature="Anna from Lyon", **writer)
    translations = []
    for _ in range(count):
        queued = enqueue(db.session, prisoner, letter)
        translations.append(
            request_translation(db.session, queued, language, AfterTranslation.POST)
        )
    db.session.commit()
    return [translation.id for translation in translations]


def translator(app, email: str, *languages: str) -> User:
    """A translator account that translates from ``languages``."""
    user = create_user(app, email, Role.TRANSLATOR)
    with app.app_context():
        db.session.add_all(TranslatorLanguage(user_id=user.id, language=code) for code in languages)
        db.session.commit()
    return user


def state_of(translation_id: int) -> Translation:
    return db.session.get(Translation, translation_id, populate_existing=True)


@pytest.fixture
def waiting_room(app, sample_directory):
    """The sample directory, to queue letters to."""
    return app
