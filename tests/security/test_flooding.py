"""Nobody floods the volunteers' queue or guesses an evening's link: limits a writer never meets,
counted in the shared store, refused with a page that keeps the letter."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from letters.auth.models import Role
from letters.batches.models import QueuedLetter
from letters.evenings.models import CODE_LENGTH, Evening
from letters.evenings.operations import close_evening, create_evening
from letters.evenings.shortlist import Criteria
from letters.extensions import db
from tests.conftest import PASSWORD, create_user, csrf_token, load_sample_directory
from tests.writing.conftest import RUSSIAN_LETTER, letter_form

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


def _from(address: str) -> dict:
    return {"REMOTE_ADDR": address}


def _queued(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(QueuedLetter.id)))


def _queue(client, prisoner_id: int, address: str = "203.0.113.7", headers=EN, **fields):
    return client.post(
        f"/prisoners/{prisoner_id}/write",
        data=letter_form(action="queue", **fields),
        headers=headers,
        environ_base=_from(address),
    )


def test_one_client_queues_at_most_its_daily_limit(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, QUEUE_CLIENT_LIMIT="2 per day")
    mironov = load_sample_directory(app)["Миронов"]
    client = app.test_client()
    assert [_queue(client, mironov).status_code for _ in range(2)] == [302, 302]
    refused = _queue(client, mironov, signature="Анна Ксенофонтова")
    assert refused.status_code == 429
    assert "at most 2 letters a day from one connection" in refused.text
    # Nothing typed is lost: the letter and the signature are in the page to send again.
    assert RUSSIAN_LETTER.split("\n")[0] in refused.text and "Анна Ксенофонтова" in refused.text
    in_russian = _queue(client, mironov, headers=RU)
    assert in_russian.status_code == 429 and "не больше 2 писем в день" in in_russian.text
    assert _queued(app) == 2
    # Another client, and printing at home, are not held back.
    assert _queue(client, mironov, address="198.51.100.9").status_code == 302
    prepared = client.post(
        f"/prisoners/{mironov}/write",
        data=letter_form(action="prepare"),
        environ_base=_from("203.0.113.7"),
    )
    assert prepared.status_code == 200


def test_ipv6_clients_are_counted_by_their_64_network(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, QUEUE_CLIENT_LIMIT="1 per day")
    mironov = load_sample_directory(app)["Миронов"]
    client = app.test_client()
    assert _queue(client, mironov, address="2001:db8:1:2::1").status_code == 302
    assert _queue(client, mironov, address="2001:db8:1:2:ffff::9").status_code == 429
    assert _queue(client, mironov, address="2001:db8:1:3::1").status_code == 302


def test_one_prisoner_gets_at_most_the_daily_limit_from_everyone(make_app):
    app = make_app(
        WTF_CSRF_ENABLED=False, QUEUE_CLIENT_LIMIT="1 per day", QUEUE_PRISONER_LIMIT="3 per day"
    )
    ids = load_sample_directory(app)
    client = app.test_client()
    # One client refused for its own limit does not use up the prisoner's.
    statuses = [_queue(client, ids["Миронов"], "192.0.2.1").status_code for _ in range(5)]
    assert statuses == [302, 429, 429, 429, 429]
    statuses = [_queue(client, ids["Миронов"], f"192.0.2.{n}").status_code for n in (2, 3, 4)]
    assert statuses == [302, 302, 429]
    refused = _queue(client, ids["Миронов"], "192.0.2.5")
    assert "Миронов Сергей Геннадьевич has been sent as many letters" in refused.text
    assert RUSSIAN_LETTER.split("\n")[0] in refused.text
    assert _queued(app) == 3


def _organiser(app):
    """A volunteer's client, logged in, to create evenings."""
    create_user(app, "organiser@example.org", Role.VOLUNTEER)
    organiser = app.test_client()
    organiser.post("/login", data={"email": "organiser@example.org", "password": PASSWORD})
    return organiser


@pytest.fixture
def evening(make_app):
    """An evening of the sample directory with a limit of two letters; (app, code, prisoner)."""
    app = make_app(WTF_CSRF_ENABLED=False, QUEUE_CLIENT_LIMIT="1 per day")
    ids = load_sample_directory(app)
    organiser = _organiser(app)
    form = {"name": "Вечер писем", "held_on": date.today().isoformat(), "size": "5"}
    created = organiser.post("/evenings/new", data=form | {"letter_limit": "2"})
    assert created.status_code == 302, created.text
    with app.app_context():
        found = db.session.scalar(select(Evening))
        assert found.letter_limit == 2
        return app, found.code, ids["Миронов"]


def test_the_evening_form_offers_the_limit_and_checks_it(make_app):
    app = make_app(WTF_CSRF_ENABLED=False)
    load_sample_directory(app)
    organiser = _organiser(app)
    page = organiser.get("/evenings/new", headers=EN)
    assert 'name="letter_limit"' in page.text and 'value="300"' in page.text
    form = {"name": "Вечер", "held_on": "2026-12-10", "size": "5", "letter_limit": "0"}
    refused = organiser.post("/evenings/new", data=form, headers=EN)
    assert refused.status_code == 422 and "From 1 to 5000." in refused.text
    # Left empty, the evening takes the default.
    assert organiser.post("/evenings/new", data=form | {"letter_limit": ""}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Evening.letter_limit)) == 300


def test_participants_share_an_address_and_the_evening_its_limit(evening):
    app, code, mironov = evening
    room = app.test_client()

    def add(headers=EN):
        return room.post(
            f"/e/{code}/write/{mironov}",
            data=letter_form(action="queue"),
            headers=headers,
            environ_base=_from("203.0.113.50"),
        )

    # Two participants from the room's one address: more than the writer's page allows one
    # client (1 a day here), as the evening counts its own letters, not addresses.
    assert [add().status_code for _ in range(2)] == [302, 302]
    refused = add()
    assert refused.status_code == 429
    assert "This evening has taken the 2 letters a day its organiser set" in refused.text
    assert RUSSIAN_LETTER.split("\n")[0] in refused.text
    assert "организатор" in add(RU).text
    assert _queued(app) == 2


def test_new_evening_codes_are_long(evening):
    _, code, _ = evening
    assert len(code) == CODE_LENGTH == 10


def test_guessing_evening_links_is_held_to_a_few_a_minute(make_app, evening):
    app, code, mironov = evening
    app.config["EVENING_GUESS_RATE_LIMIT"] = "3 per minute"
    guesser = app.test_client()
    guesser_address = _from("198.51.100.66")

    def get(path):
        return guesser.get(path, headers=EN, environ_base=guesser_address)

    # Opening a real link is not guessing: a room opens it again and again.
    assert {get(f"/e/{code}").status_code for _ in range(5)} == {200}
    assert [get(f"/e/AAAAAA{n}").status_code for n in range(3)] == [404, 404, 404]
    blocked = get("/e/AAAAAA9")
    assert blocked.status_code == 429 and "Too many attempts" in blocked.text
    # Past the limit even a right code waits (so a hit cannot be told from a miss), the
    # write page too; others are not affected.
    assert get(f"/e/{code}").status_code == 429
    assert get(f"/e/{code}/write/{mironov}").status_code == 429
    assert guesser.get(f"/e/{code}", environ_base=_from("198.51.100.67")).status_code == 200


@pytest.fixture
def checking_room(make_app):
    """An open evening on an app with CSRF on and small check limits: (app, code, prisoner)."""
    app = make_app(API_RATE_LIMIT="2 per minute", EVENING_CHECK_RATE_LIMIT="5 per minute")
    ids = load_sample_directory(app)
    with app.app_context():
        found = create_evening(
            db.session, None, name="Вечер писем", held_on=date.today(), place=None,
            criteria=Criteria(size=5),
        )  # fmt: skip
        db.session.commit()
        return app, found.code, ids["Миронов"]


def _participant(app, code: str, prisoner: int):
    """A browser in the room (the room's one address): its client and the page's CSRF token."""
    browser = app.test_client()
    page = browser.get(f"/e/{code}/write/{prisoner}", environ_base=_from("203.0.113.50"))
    assert f'data-check-url="/e/{code}/check"' in page.text
    return browser, csrf_token(page.text)


def _check(browser, token: str, path: str, text: str = RUSSIAN_LETTER):
    return browser.post(
        path, json={"text": text}, headers=EN | {"X-CSRFToken": token},
        environ_base=_from("203.0.113.50"),
    )  # fmt: skip


def test_a_room_checks_live_together_each_browser_and_the_evening_with_its_own_limit(
    checking_room,
):
    app, code, mironov = checking_room
    path = f"/e/{code}/check"
    first, second, third = (_participant(app, code, mironov) for _ in range(3))
    # Each browser checks as often as a writer alone may (2 a minute here), though the room
    # shares one address: four checks from one address where the public check takes two.
    assert [_check(*first, path).status_code for _ in range(2)] == [200, 200]
    assert [_check(*second, path).status_code for _ in range(2)] == [200, 200]
    # One browser past its own limit does not use up the room's.
    over = _check(*first, path)
    assert over.status_code == 429 and over.json["error"]["code"] == "rate_limited"
    assert "checked again when you send it" in over.json["error"]["message"]
    # The evening as a whole: its fifth check goes through, the sixth waits.
    assert _check(*third, path).status_code == 200
    assert _check(*third, path).status_code == 429
    # The public check still counts per address.
    public = [_check(*first, "/api/v1/check").status_code for _ in range(3)]
    assert public == [200, 200, 429]


def test_the_evening_check_answers_as_the_public_one(checking_room):
    app, code, mironov = checking_room
    app.config.update(API_RATE_LIMIT="100 per minute", EVENING_CHECK_RATE_LIMIT="100 per minute")
    browser, token = _participant(app, code, mironov)
    for text in (RUSSIAN_LETTER, "Dear Sergei, I hope you are well. 😊", "Привет\r\nмир"):
        evening = _check(browser, token, f"/e/{code}/check", text)
        public = _check(browser, token, "/api/v1/check", text)
        assert (evening.status_code, evening.json) == (public.status_code, public.json)
    bad = _check(browser, token, f"/e/{code}/check", text=7)  # type: ignore[arg-type]
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_field"


def test_the_evening_check_needs_the_page_token_a_real_code_and_an_open_evening(
    checking_room,
):
    app, code, mironov = checking_room
    browser, token = _participant(app, code, mironov)
    assert _check(browser, "forged", f"/e/{code}/check").status_code == 400
    assert _check(browser, token, "/e/AAAAAAAAAA/check").status_code == 404
    with app.app_context():
        close_evening(db.session, db.session.scalar(select(Evening)))
        db.session.commit()
    closed = _check(browser, token, f"/e/{code}/check")
    assert closed.status_code == 410
    assert "closed the link and it takes no more letters" in closed.json["error"]["message"]


def test_guessing_codes_through_the_evening_check_counts_as_guessing(checking_room):
    app, code, mironov = checking_room
    app.config["EVENING_GUESS_RATE_LIMIT"] = "2 per minute"
    browser, token = _participant(app, code, mironov)
    guesses = [_check(browser, token, f"/e/AAAAAAAA{n}/check").status_code for n in range(3)]
    assert guesses == [404, 404, 429]
    assert _check(browser, token, f"/e/{code}/check").status_code == 429
