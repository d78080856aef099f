"""Whom the start page suggests: the less-written more often; birthdays with posting deadlines."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from letters.batches.models import QueuedLetter
from letters.directory.models import Prisoner, PrisonerStatus
from letters.extensions import db
from letters.writing.suggestions import coming_birthdays, suggest_prisoner


def test_prisoners_with_fewer_letters_are_suggested_more_often(app, sample_directory):
    with app.app_context():
        mironov = db.session.get(Prisoner, sample_directory["Миронов"])
        db.session.add_all(QueuedLetter(prisoner=mironov, text="…") for _ in range(3))
        db.session.commit()
        rng = random.Random(2026)
        picks = Counter(suggest_prisoner(db.session, rng).surname for _ in range(2000))
    # Weights 1 (no letters) against 1/4 (three letters): about 80 % to 20 %.
    assert set(picks) == {"Перов", "Миронов"}
    assert 0.75 < picks["Перов"] / 2000 < 0.85


def test_released_prisoners_are_never_suggested(app, sample_directory):
    with app.app_context():
        db.session.get(Prisoner, sample_directory["Перов"]).status = PrisonerStatus.RELEASED
        db.session.commit()
        rng = random.Random(1)
        assert {suggest_prisoner(db.session, rng).surname for _ in range(50)} == {"Миронов"}


def mironovs_birthday(app, sample_directory, born: date, today: date):
    """Mironov, born on ``born``, as the only coming birthday on ``today``."""
    with app.app_context():
        db.session.get(Prisoner, sample_directory["Миронов"]).birth_date = born
        db.session.commit()
        [birthday] = coming_birthdays(
            db.session, days=75, domestic_days=14, abroad_days=60, today=today
        )
    return birthday


def test_birthday_deadlines_from_russia_and_from_abroad(app, sample_directory):
    today = date(2026, 11, 21)
    birthday = mironovs_birthday(app, sample_directory, date(1981, 12, 31), today)
    assert birthday.on == date(2026, 12, 31)
    assert birthday.post_from_russia_by == date(2026, 12, 17)
    assert birthday.post_from_abroad_by is None  # 1 November has passed: too late from abroad
    assert not birthday.too_late_by_post


def test_a_post_by_date_is_never_in_the_past(app, sample_directory):
    # The case: on 1 December, a birthday 9 days away (10 December).
    today = date(2026, 12, 1)
    birthday = mironovs_birthday(app, sample_directory, date(1981, 12, 10), today)
    assert birthday.on == date(2026, 12, 10)
    assert birthday.post_from_russia_by is None and birthday.post_from_abroad_by is None
    assert birthday.too_late_by_post


def test_the_last_posting_day_is_today_not_yesterday(app, sample_directory):
    today = date(2026, 12, 1)
    birthday = mironovs_birthday(app, sample_directory, date(1981, 12, 15), today)
    assert birthday.post_from_russia_by == today


def test_prisoners_with_no_way_to_reach_them_are_never_suggested(app, sample_directory):
    with app.app_context():
        perov = db.session.get(Prisoner, sample_directory["Перов"])
        perov.facility = None
        perov.services = []
        db.session.commit()
        rng = random.Random(3)
        assert {suggest_prisoner(db.session, rng).surname for _ in range(50)} == {"Миронов"}


def test_home_page_shows_a_suggestion_and_birthdays(app, client, sample_directory):
    soon = date.today() + timedelta(days=20)
    if (soon.month, soon.day) == (2, 29):  # 1981 had no 29 February
        soon += timedelta(days=1)
    with app.app_context():
        db.session.get(Prisoner, sample_directory["Миронов"]).birth_date = date(
            1981, soon.month, soon.day
        )
        db.session.commit()
    page = client.get("/", headers={"Accept-Language": "en"})
    assert "Someone who gets few letters" in page.text
    assert "Birthdays coming up" in page.text
    # 20 days is less than the 60 a letter from abroad takes
    assert "too late from abroad" in page.text
