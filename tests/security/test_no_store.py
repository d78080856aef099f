"""No response that may carry a letter, an address or a report is kept by any cache, the
browser's included: every page says ``Cache-Control: no-store``; static files alone are cached."""

from __future__ import annotations

import re

import pytest

from letters.auth.models import Role
from letters.batches.claims import Selection, create_batch
from letters.batches.models import QueuedLetter
from letters.directory.models import Prisoner, PrisonerStatus
from letters.evenings.models import Evening, EveningPrisoner
from letters.extensions import db
from letters.reports.models import InaccuracyReport, ReportKind
from tests.batches.conftest import queue_letters
from tests.conftest import PASSWORD, create_user, load_sample_directory
from tests.writing.conftest import letter_form

NO_STORE = "no-store"
ADDRESS = "ул. Баумана, 1\n420111 Казань"


@pytest.fixture
def world(app):
    """One of everything a URL can name: prisoner, facility, letter, batch, evening, report."""
    ids = load_sample_directory(app)
    create_user(app, "c@example.org", Role.COORDINATOR)
    colleague_id = create_user(app, "colleague@example.org", Role.VOLUNTEER).id
    with app.app_context():
        mironov = db.session.get(Prisoner, ids["Миронов"])
        letter_id = queue_letters(1)[0]
        batch_id = create_batch(db.session, None, Selection()).id
        held_id = queue_letters(1, sender_name="Анна Ксенофонтова", sender_address=ADDRESS)[0]
        evening = Evening(name="Вечер", held_on=mironov.created_at.date())
        evening.shortlist = [EveningPrisoner(prisoner_id=mironov.id, position=0)]
        report = InaccuracyReport(prisoner=mironov, kind=ReportKind.OTHER, note="переведён")
        db.session.add_all([evening, report])
        db.session.commit()
        reference = db.session.get(QueuedLetter, letter_id).reference
        return {
            "prisoner_id": mironov.id, "facility_id": mironov.facility_id, "batch_id": batch_id,
            "letter_id": letter_id, "held_id": held_id, "evening_id": evening.id,
            "code": evening.code, "report_id": report.id, "reference": reference,
            "service_id": "zt", "filename": "css/app.css", "user_id": colleague_id,
            "translation_id": 1,  # none exists: the refusal must not be cached either
            "reply_id": 1, "number": 1,  # nor does a reply
        }  # fmt: skip


def _urls(app, values: dict) -> list[tuple[str, str]]:
    """(method, URL) for every route and method of the app, its arguments filled from
    ``values`` (the first choice of an ``any(…)``); log-out last."""
    found = []
    for rule in app.url_map.iter_rules():
        arguments = {}
        for name in rule.arguments:
            converter = rule._converters[name]
            items = getattr(converter, "items", None)
            arguments[name] = sorted(items)[0] if items else values[name]
        path = rule.build(arguments, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, path))
    return sorted(found, key=lambda pair: pair[1] == "/logout")


def test_every_response_says_no_store_and_static_files_are_cached(app, world):
    client = app.test_client()
    seen = []
    for visitor in ("anonymous", "coordinator"):
        if visitor == "coordinator":
            client.post("/login", data={"email": "c@example.org", "password": PASSWORD})
        for method, url in _urls(app, world):
            with client.open(url, method=method, data={}) as response:
                cache = response.headers.get("Cache-Control")
                seen.append((visitor, method, url, response.status_code))
            if url.startswith("/static/"):
                assert NO_STORE not in (cache or ""), url
            else:
                assert cache == NO_STORE, (method, url)
    # The walk reached the pages themselves, not only refusals.
    assert ("coordinator", "GET", f"/volunteer/batches/{world['batch_id']}", 200) in seen
    assert ("anonymous", "GET", f"/e/{world['code']}", 200) in seen
    versioned = client.get("/")
    css = re.search(r'href="(/static/css/app\.css\?v=[^"]+)"', versioned.text).group(1)
    with client.get(css) as static:
        assert "immutable" in static.headers["Cache-Control"]


def test_the_batch_zip_the_held_letter_and_the_prepare_page_say_no_store(app, world):
    volunteer = create_user(app, "v@example.org", Role.VOLUNTEER)
    with app.app_context():
        # Released: the letter waiting for him is held, and its page shows the letter.
        prisoner = db.session.get(Prisoner, world["prisoner_id"])
        prisoner.status = PrisonerStatus.RELEASED
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": volunteer.email, "password": PASSWORD})
    assert client.get(f"/volunteer/batches/{world['batch_id']}").status_code == 200
    # Closed at once: the zip streams from the database, holding its request open until then.
    with client.post(f"/volunteer/batches/{world['batch_id']}/download") as download:
        assert download.status_code == 200 and download.mimetype == "application/zip"
        assert download.headers["Cache-Control"] == NO_STORE
    held = client.get(f"/volunteer/letters/{world['held_id']}/held")
    # The page shows the writer's name and return address, to correct them.
    assert held.status_code == 200 and "Ксенофонтова" in held.text
    assert held.headers["Cache-Control"] == NO_STORE
    with app.app_context():
        prisoner = db.session.get(Prisoner, world["prisoner_id"])
        prisoner.status = PrisonerStatus.REMAND
        db.session.commit()
    prepare = client.post(
        f"/prisoners/{world['prisoner_id']}/write", data=letter_form(action="prepare")
    )
    assert prepare.status_code == 200 and "data:image/png;base64" in prepare.text
    assert prepare.headers["Cache-Control"] == NO_STORE
