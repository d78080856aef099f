"""A coordinator may require a second translator's review: then a translation goes on only once
another translator approves it, or comes back to the queue with their note to be revised."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from letters.batches.claims import NothingToClaim as NothingToPrint
from letters.batches.claims import Selection, create_batch
from letters.batches.models import QueuedLetter
from letters.database import utcnow
from letters.extensions import db
from letters.translating.models import Translation, TranslationState
from letters.translating.queue import (
    NOTE_APPROVED,
    NOTE_RETURNED,
    NOTE_REVIEW_TAKEN,
    NOTE_TRANSLATED,
    NothingToClaim,
    claim,
    claim_review,
    require_review,
    review,
    submit,
    to_review,
)
from tests.conftest import AuthActions
from tests.translating.conftest import ENGLISH, ask_for_translation, state_of, translator
from tests.translating.test_queue import history

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}
RUSSIAN = ("Мы думаем о Вас каждый день и ждём Вас дома.", "Дорогой Иван!", "Анна")
BETTER = "Мы думаем о Вас каждый день и очень ждём Вас дома."


@pytest.fixture
def reviewed(app, waiting_room, coordinator):
    """Review required, set through the coordinator's page; a translated letter in review."""
    desk = app.test_client()
    AuthActions(desk).login(coordinator.email)
    saved = desk.post("/translate/settings", data={"review_required": "y"}, headers=EN)
    assert (
        "a second translator reviews each translation"
        in desk.get(saved.headers["Location"], headers=EN).text
    )
    anna = translator(app, "anna@example.org", "en")
    boris = translator(app, "boris@example.org", "en")
    with app.app_context():
        (only,) = ask_for_translation(1)
        claim(db.session, anna)
        submit(db.session, only, anna, RUSSIAN)
    return anna, boris, only


def login(app, user):
    client = app.test_client()
    AuthActions(client).login(user.email)
    return client


def test_a_reviewed_translation_waits_for_approval(app, reviewed):
    anna, boris, only = reviewed
    with app.app_context():
        assert state_of(only).state == TranslationState.IN_REVIEW
        letter = db.session.get(QueuedLetter, state_of(only).letter_id)
        assert letter.text == ENGLISH  # not yet the Russian
        with pytest.raises(NothingToPrint):
            create_batch(db.session, None, Selection())
        # Nobody reviews their own translation.
        assert to_review(db.session, anna) == []
        with pytest.raises(NothingToClaim):
            claim_review(db.session, anna, only)
        assert [t.id for t in to_review(db.session, boris)] == [only]


def test_the_reviewer_approves_and_the_letter_goes_on_in_russian(app, reviewed):
    _anna, boris, only = reviewed
    client = login(app, boris)
    assert "Review this one" in client.get("/translate/", headers=EN).text
    taken = client.post(f"/translate/{only}/review/claim")
    assert taken.headers["Location"] == f"/translate/{only}/review"
    page = client.get(taken.headers["Location"], headers=EN).text
    assert ENGLISH in page and RUSSIAN[0] in page
    approved = client.post(taken.headers["Location"], data={"action": "approve"})
    assert approved.status_code == 302
    with app.app_context():
        done = state_of(only)
        assert done.state == TranslationState.TRANSLATED and done.reviewed_by_id == boris.id
        batch = create_batch(db.session, None, Selection())
        assert [letter.text for letter in batch.letters] == [RUSSIAN[0]]
        assert history(only)[-3:] == [NOTE_TRANSLATED, NOTE_REVIEW_TAKEN, NOTE_APPROVED]


def test_a_returned_translation_is_revised_with_the_note(app, reviewed):
    anna, boris, only = reviewed
    client = login(app, boris)
    client.post(f"/translate/{only}/review/claim")
    empty = client.post(f"/translate/{only}/review", data={"action": "return"}, headers=EN)
    assert empty.status_code == 422 and "Say what to change" in empty.text
    note = "«ждём» alone is too weak here: the writer says they wait very much."
    back = client.post(f"/translate/{only}/review", data={"action": "return", "note": note})
    assert back.status_code == 302
    with app.app_context():
        assert state_of(only).state == TranslationState.RETURNED
        assert history(only)[-1] == NOTE_RETURNED
    translator_page = login(app, anna)
    queue = translator_page.get("/translate/", headers=EN).text
    assert "returned by a reviewer, to be revised" in queue
    translator_page.post("/translate/claim", data={"language": "en"})
    page = translator_page.get(f"/translate/{only}", headers=EN).text
    assert "A reviewer returned this translation" in page
    assert "too weak here" in page and RUSSIAN[0] in page  # the earlier text, to revise
    data = {"text": BETTER, "greeting": RUSSIAN[1], "signature": RUSSIAN[2], "action": "send"}
    translator_page.post(f"/translate/{only}", data=data)
    with app.app_context():
        assert state_of(only).state == TranslationState.IN_REVIEW
        claim_review(db.session, boris, only)
        review(db.session, only, boris)
        letter = db.session.get(QueuedLetter, state_of(only).letter_id)
        assert letter.text == BETTER and state_of(only).return_note is None


def test_a_review_left_alone_goes_to_another_reviewer(app, reviewed):
    _anna, boris, only = reviewed
    vera = translator(app, "vera@example.org", "en")
    with app.app_context():
        then = utcnow()
        claim_review(db.session, boris, only, now=then)
        with pytest.raises(NothingToClaim):
            claim_review(db.session, vera, only, now=then + timedelta(hours=1))
        later = then + timedelta(hours=49)
        claim_review(db.session, vera, only, now=later)
        # Boris's late verdict is refused and changes nothing.
        from letters.translating.queue import ClaimLost

        with pytest.raises(ClaimLost):
            review(db.session, only, boris, now=later)
        assert state_of(only).claimed_by_id == vera.id


def test_a_late_review_keeps_the_typed_note(app, reviewed):
    _anna, boris, only = reviewed
    client = login(app, boris)
    client.post(f"/translate/{only}/review/claim")
    with app.app_context():
        db.session.execute(
            update(Translation).values(lease_expires_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
    late = client.post(
        f"/translate/{only}/review", data={"action": "return", "note": "Слишком вольно."}
    )
    assert late.status_code == 409 and "Слишком вольно." in late.text


def test_without_the_setting_no_review_is_asked(app, waiting_room):
    anna = translator(app, "anna@example.org", "en")
    with app.app_context():
        require_review(db.session, False)
        db.session.commit()
        (only,) = ask_for_translation(1)
        claim(db.session, anna)
        submit(db.session, only, anna, RUSSIAN)
        assert state_of(only).state == TranslationState.TRANSLATED


def test_only_a_coordinator_sets_the_review(app, waiting_room):
    anna = translator(app, "anna@example.org", "en")
    client = login(app, anna)
    assert client.post("/translate/settings", data={"review_required": "y"}).status_code == 403
    assert 'id="review-setting"' not in client.get("/translate/").text


def test_the_review_pages_answer_in_russian(app, reviewed):
    _anna, boris, only = reviewed
    client = login(app, boris)
    assert "Переводы на проверку" in client.get("/translate/", headers=RU).text
    client.post(f"/translate/{only}/review/claim")
    page = client.get(f"/translate/{only}/review", headers=RU).text
    assert "Одобрить перевод" in page
