"""A server restarted mid-generation shows the batch's progress and resumes it: the state is in
the database (and, by default, the queue in the instance folder), not in the server."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from letters.batches import generation
from letters.batches.models import Batch
from letters.database import utcnow
from letters.extensions import db
from letters.jobs import jobs
from tests.batches.conftest import claim_batch, queue_letters
from tests.batches.test_volunteer_pages import volunteer_client
from tests.conftest import AuthActions


def test_a_restarted_server_shows_progress_and_resumes_the_batch(make_app, directory):
    # The embedded default (scripts/serve): a SQLite queue and a worker beside the server.
    settings = {"JOBS_IMMEDIATE": False, "REDIS_URL": None, "WTF_CSRF_ENABLED": False}
    server = make_app(**settings)
    with server.app_context():
        queue_letters(3)
    batch_id = claim_batch(volunteer_client(server))
    with server.app_context():
        huey = jobs().huey
        assert len(huey) == 1
        # The worker takes the job, renders two letters, and is stopped with the server.
        assert huey.dequeue() is not None
        assert generation._take_lease(db.engine, batch_id, "old-host:4242:1", 60)
        generation._set_progress(db.engine, batch_id, 2)

    restarted = make_app(**settings)
    client = AuthActions(restarted.test_client())
    client.login("vera@example.org")
    progress = client.client.get(f"/volunteer/batches/{batch_id}/progress").json
    assert progress == {"done": 2, "total": 3, "ready": False, "failed": False}
    page = client.client.get(f"/volunteer/batches/{batch_id}").get_data(as_text=True)
    assert 'value="2">2 / 3</progress>' in page
    with restarted.app_context():
        huey = jobs().huey
        assert len(huey) == 0  # the old worker's lease still runs: no second job
        # Its lease runs out (it was never renewed): the next look at the batch resumes it.
        db.session.execute(update(Batch).values(lease_expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert not client.client.get(f"/volunteer/batches/{batch_id}/progress").json["ready"]
    with restarted.app_context():
        assert len(huey) == 1
        huey.execute(huey.dequeue())  # the restarted worker takes it
    progress = client.client.get(f"/volunteer/batches/{batch_id}/progress").json
    assert progress == {"done": 3, "total": 3, "ready": True, "failed": False}
