"""Volunteers are one team (README, "Personal data"): any volunteer opens, prints and downloads
a batch or an evening another volunteer made; without an account, none of it opens."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from letters.auth.models import Role
from letters.batches.models import Batch, BatchStatus
from letters.extensions import db
from tests.batches.conftest import claim_batch, queue_letters
from tests.conftest import PASSWORD, create_user, load_sample_directory

README = Path(__file__).resolve().parents[2] / "README.md"


def _logged_in(app, email: str):
    create_user(app, email, Role.VOLUNTEER)
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def test_a_volunteer_works_on_another_volunteers_batch_and_evening(app):
    load_sample_directory(app)
    with app.app_context():
        queue_letters(2)
    anna = _logged_in(app, "anna@example.org")
    batch_id = claim_batch(anna)
    form = {"name": "Вечер писем", "held_on": date.today().isoformat(), "size": "5"}
    created = anna.post("/evenings/new", data=form)
    evening_id = int(created.headers["Location"].rsplit("/", 1)[1])

    boris = _logged_in(app, "boris@example.org")
    anonymous = app.test_client()
    pages = [
        f"/volunteer/batches/{batch_id}",
        f"/evenings/{evening_id}",
        f"/evenings/{evening_id}/cards.pdf",
        f"/evenings/{evening_id}/qr.svg",
    ]
    for page in pages:
        assert boris.get(page).status_code == 200, page
        assert anonymous.get(page).status_code == 302, page  # to the log-in page
    # Closed at once: the zip streams from the database, holding its request open until then.
    with boris.post(f"/volunteer/batches/{batch_id}/download") as download:
        assert download.status_code == 200 and download.mimetype == "application/zip"
    assert boris.post(f"/volunteer/batches/{batch_id}/printed").status_code == 302
    with app.app_context():
        assert db.session.get(Batch, batch_id).status is BatchStatus.PRINTED
    assert anonymous.post(f"/volunteer/batches/{batch_id}/download").status_code == 302
    # The decision is written where operators read about personal data.
    personal_data = README.read_text().split("### Personal data", 1)[1].split("\n## ", 1)[0]
    assert "**Volunteers are one team.**" in personal_data
