"""A change made of several steps is kept whole or not at all: the operations flush and their
one caller commits, so a failure between two steps leaves nothing half-done."""

from __future__ import annotations

import pytest

from letters.auth.models import Role
from letters.batches import generation, lifecycle, storage
from letters.batches.claims import Selection, create_batch
from letters.batches.models import Batch, BatchStatus, LetterStatus, QueuedLetter
from letters.batches.returns import ReturnRequest, record_returns
from letters.extensions import db
from tests.batches.conftest import claim_batch, queue_letters
from tests.conftest import AuthActions, create_user


class Interrupted(Exception):
    """The failure injected between two steps."""


def test_cancelling_is_whole_when_deleting_the_zip_fails(app, directory, monkeypatch):
    with app.app_context():
        queue_letters(2)
    create_user(app, "vera@example.org", Role.VOLUNTEER)
    client = AuthActions(app.test_client())
    client.login("vera@example.org")
    batch_id = claim_batch(client.client)

    def fail(session, batch_id):
        raise Interrupted

    monkeypatch.setattr(storage, "discard", fail)
    assert client.client.post(f"/volunteer/batches/{batch_id}/cancel").status_code == 500
    with app.app_context():
        assert db.session.get(Batch, batch_id).status is BatchStatus.READY
        letters = db.session.query(QueuedLetter).all()
        assert {(letter.status, letter.batch_id) for letter in letters} == {
            (LetterStatus.IN_BATCH, batch_id)
        }
        assert storage.has_file(db.session.get(Batch, batch_id))


def test_returns_are_recorded_all_or_none_when_one_fails(app, directory, monkeypatch):
    with app.app_context():
        ids = queue_letters(2)
        batch = create_batch(db.session, None, Selection())
        assert generation.generate(app, batch.id)
        batch = db.session.get(Batch, batch.id)
        lifecycle.mark_printed(db.session, batch, None)
        lifecycle.mark_posted(db.session, batch, None)
        db.session.commit()
        codes = [db.session.get(QueuedLetter, i).reference for i in ids]

        calls = []
        original = lifecycle.mark_returned

        def second_fails(*args, **kwargs):
            calls.append(args)
            if len(calls) == 2:
                raise Interrupted
            original(*args, **kwargs)

        monkeypatch.setattr(lifecycle, "mark_returned", second_fails)
        with pytest.raises(Interrupted):
            record_returns(db.session, [ReturnRequest(code, "moved", "") for code in codes], None)
        db.session.rollback()  # what the command's failure does
        statuses = {db.session.get(QueuedLetter, i).status for i in ids}
        assert statuses == {LetterStatus.POSTED}
