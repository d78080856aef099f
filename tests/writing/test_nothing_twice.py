"""Nothing twice: a form that creates something, sent twice (a double click, a resent request),
creates it once, and the second post lands on the first result."""

from __future__ import annotations

import re
import threading

from letters.batches.models import Batch, QueuedLetter
from letters.evenings.models import Evening, EveningLetter
from letters.extensions import db
from letters.once import FormToken, new_token
from tests.writing.conftest import letter_form


def _count(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def _once(page: str) -> str:
    return re.search(r'name="once"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="once"', page)


def test_every_creating_form_carries_a_fresh_token(app, client, auth, volunteer, sample_directory):
    write = f"/prisoners/{sample_directory['Миронов']}/write"
    first, second = (_once(client.get(write).text) for _ in range(2))
    assert first and second and first.groups() != second.groups()
    auth.login(volunteer.email)
    assert _once(client.get("/evenings/new").text)


def test_a_letter_queued_twice_is_queued_once(app, client, sample_directory):
    write = f"/prisoners/{sample_directory['Миронов']}/write"
    token = new_token()
    answers = [client.post(write, data=letter_form(action="queue", once=token)) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    assert _count(app, QueuedLetter) == 1
    # A new form (a new token) is a new letter.
    client.post(write, data=letter_form(action="queue", once=new_token()))
    assert _count(app, QueuedLetter) == 2


def test_two_posts_at_the_same_moment_queue_one_letter(app, sample_directory):
    write = f"/prisoners/{sample_directory['Миронов']}/write"
    for _ in range(5):
        token = new_token()
        start = threading.Barrier(2)
        locations: list[str] = []

        def send(token=token, start=start, locations=locations) -> None:
            client = app.test_client()
            start.wait()
            answer = client.post(write, data=letter_form(action="queue", once=token))
            locations.append(answer.headers.get("Location"))

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(locations)) == 1 and locations[0].startswith("/letters/"), locations
    assert _count(app, QueuedLetter) == 5
    assert _count(app, FormToken) == 5


def test_an_evening_its_letters_and_its_batch_are_made_once(
    app, client, auth, volunteer, sample_directory
):
    auth.login(volunteer.email)
    token = new_token()
    fields = {"name": "Вечер", "held_on": "2026-12-10", "size": "50", "once": token}
    made = [client.post("/evenings/new", data=fields).headers["Location"] for _ in range(2)]
    assert made[0] == made[1] and _count(app, Evening) == 1
    evening_id = int(made[0].rsplit("/", 1)[1])
    with app.app_context():
        code = db.session.get(Evening, evening_id).code
    token = new_token()
    participant = app.test_client()
    sent = [
        participant.post(
            f"/e/{code}/write/{sample_directory['Миронов']}",
            data=letter_form(action="queue", once=token),
        ).headers["Location"]
        for _ in range(2)
    ]
    assert sent[0] == sent[1] and _count(app, EveningLetter) == 1
    token = new_token()
    printed = [
        client.post(
            f"/evenings/{evening_id}/print", data={"envelope_format": "C6", "once": token}
        ).headers["Location"]
        for _ in range(2)
    ]
    assert printed[0] == printed[1] and _count(app, Batch) == 1


def test_a_batch_claimed_twice_is_claimed_once(app, client, auth, volunteer, sample_directory):
    participant = app.test_client()
    write = f"/prisoners/{sample_directory['Миронов']}/write"
    participant.post(write, data=letter_form(action="queue"))
    auth.login(volunteer.email)
    assert _once(client.get("/volunteer/").text)
    token = new_token()
    fields = {"which": "all", "envelope_format": "C6", "once": token}
    claimed = [client.post("/volunteer/batches", data=fields) for _ in range(2)]
    assert claimed[0].headers["Location"] == claimed[1].headers["Location"]
    assert "/volunteer/batches/" in claimed[0].headers["Location"]
    assert _count(app, Batch) == 1


def test_a_reference_collision_costs_the_caller_nothing(app, sample_directory, monkeypatch):
    from letters.batches import queue
    from letters.directory.models import Prisoner
    from letters.once import claim
    from letters.writing.compose import Draft

    with app.app_context():
        prisoner = db.session.get(Prisoner, sample_directory["Миронов"])
        first = queue.enqueue(db.session, prisoner, Draft(text="Здравствуйте!"))
        db.session.commit()
        codes = iter([first.reference, "ZZZZ-2222"])
        monkeypatch.setattr(queue, "new_reference", lambda: next(codes))
        token = new_token()
        claim(db.session, token)  # the caller's own work in the same transaction
        second = queue.enqueue(db.session, prisoner, Draft(text="Добрый день!"))
        db.session.commit()
        assert second.reference == "ZZZZ-2222"
        assert db.session.get(FormToken, token) is not None
        assert _count(app, QueuedLetter) == 2


def test_a_report_sent_twice_is_filed_once(app, client, sample_directory):
    from letters.reports.models import InaccuracyReport

    pid = sample_directory["Миронов"]
    assert _once(client.get(f"/prisoners/{pid}/report").text)
    fields = {"kind": "released", "note": "Освобождён в ноябре", "once": new_token()}
    sent = [client.post(f"/prisoners/{pid}/report", data=fields) for _ in range(2)]
    assert sent[0].headers["Location"] == sent[1].headers["Location"]
    assert _count(app, InaccuracyReport) == 1
