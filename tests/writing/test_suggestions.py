"""Whom the start page suggests: the less-written more often; birthdays with posting deadlines."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from letters.batches.models import QueuedLetter
from letters.directory.models import Prisoner, PrisonerStatus
from letters.extensions import db
from letters.writing.suggestions import coming_birthdays, suggest_prisoner


def test_prisoners_with_fewer_letters_are_suggested_more_often(app, prisoners):
    with app.app_context():
        mironov = db.session.get(Prisoner, prisoners["Миронов"])
        db.session.add_all(QueuedLetter(prisoner=mironov, text="…") for _ in range(3))
        db.session.commit()
        rng = random.Random(2026)
        picks = Counter(suggest_prisoner(db.session, rng).surname for _ in range(2000))
    # Weights 1 (no letters) against 1/4 (three letters): about 80 % to 20 %.
    assert set(picks) == {"Перов", "Миронов"}
    assert 0.75 < picks["Перов"] / 2000 < 0.85


def test_released_prisoners_are_never_suggested(app, prisoners):
    with app.app_context():
        db.session.get(Prisoner, prisoners["Перов"]).status = PrisonerStatus.RELEASED
        db.session.commit()
        rng = random.Random(1)
        assert {suggest_prisoner(db.session, rng).surname for _ in range(50)} == {"Миронов"}


def test_birthday_deadlines_from_russia_and_from_abroad(app, prisoners):
    today = date(2026, 11, 21)
    with app.app_context():
        db.session.get(Prisoner, prisoners["Миронов"]).birth_date = date(1981, 12, 31)
        db.session.commit()
        [birthday] = coming_birthdays(
            db.session, days=75, domestic_days=14, abroad_days=60, today=today
        )
    assert birthday.on == date(2026, 12, 31)
    assert birthday.post_from_russia_by == date(2026, 12, 17)
    assert birthday.post_from_abroad_by == date(2026, 11, 1)  # already past: too late from abroad


def test_home_page_shows_a_suggestion_and_birthdays(app, client, prisoners):
    soon = date.today() + timedelta(days=20)
    if (soon.month, soon.day) == (2, 29):  # 1981 had no 29 February
        soon += timedelta(days=1)
    with app.app_context():
        db.session.get(Prisoner, prisoners["Миронов"]).birth_date = date(1981, soon.month, soon.day)
        db.session.commit()
    page = client.get("/", headers={"Accept-Language": "en"})
    assert "Someone who gets few letters" in page.text
    assert "Birthdays coming up" in page.text
    assert (
        "too late from abroad" in page.text
    )  # 20 days is less than the 60 a letter from abroad takes
