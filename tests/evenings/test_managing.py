"""Evenings an organiser can find and manage: the list, edit, close, delete, the links between
an evening and its batch, and the participant's own link to their letter."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from letters.batches.models import QueuedLetter
from letters.evenings import operations
from letters.evenings.models import Evening, EveningLetter, EveningPrisoner
from letters.extensions import db
from tests.batches.conftest import LETTER
from tests.directory.test_facilities import _directory
from tests.evenings.conftest import create_evening as _create

EN = {"Accept-Language": "en"}


def _code(app, evening_id: int) -> str:
    with app.app_context():
        return db.session.get(Evening, evening_id).code


def _write(client, code: str, prisoner_id: int, **extra):
    data = {"text": LETTER, "signature": "Аня", "action": "queue", **extra}
    return client.post(f"/e/{code}/write/{prisoner_id}", data=data, headers=EN)


def _letters(app) -> int:
    with app.app_context():
        return db.session.query(QueuedLetter).count()


def test_the_staff_menu_leads_to_upcoming_and_past_evenings(app, organising, tmp_path):
    _directory(app, tmp_path)
    today = date.today()
    soon = _create(organising, name="Скоро", held_on=(today + timedelta(days=3)).isoformat(),
                   place="Кафе «Письмо»")  # fmt: skip
    later = _create(organising, name="Позже", held_on=(today + timedelta(days=30)).isoformat())
    past = _create(organising, name="Было", held_on=(today - timedelta(days=3)).isoformat())
    home = organising.get("/", headers=EN).text
    assert 'href="/evenings">Evenings</a>' in home
    page = organising.get("/evenings", headers=EN).text
    upcoming = page[page.index('id="upcoming-evenings"') : page.index('id="past-evenings"')]
    assert upcoming.index(f"/evenings/{soon}") < upcoming.index(f"/evenings/{later}")
    assert "Кафе «Письмо»" in upcoming and f"/evenings/{past}" not in upcoming
    assert f"/evenings/{past}" in page[page.index('id="past-evenings"') :]
    organising.get("/logout")
    assert app.test_client().get("/evenings").status_code in (302, 401, 403)


def test_edit_renames_redates_moves_and_changes_the_list(app, organising, tmp_path):
    ids = _directory(app, tmp_path)
    evening_id = _create(organising, region="Волгоградская область")  # Миронов, Петров
    form = organising.get(f"/evenings/{evening_id}/edit", headers=EN).text
    assert f'value="{ids["Миронов"]}"' in form and "checked" in form
    saved = organising.post(
        f"/evenings/{evening_id}/edit",
        data={"name": "Вечер у Веры", "held_on": "2026-12-12", "place": "Библиотека",
              "keep": [str(ids["Петров"])], "facility_id": "", "region": "", "size": "1"},
    )  # fmt: skip
    assert saved.status_code == 302
    with app.app_context():
        evening = db.session.get(Evening, evening_id)
        assert (evening.name, evening.held_on, evening.place) == (
            "Вечер у Веры", date(2026, 12, 12), "Библиотека"
        )  # fmt: skip
        listed = [entry.prisoner.surname for entry in evening.shortlist]
    # Миронов is off the list; one more person who matches and was not on it is added.
    assert listed == ["Петров", "Кузнецов"]
    refused = organising.post(f"/evenings/{evening_id}/edit", data={"name": "", "size": "0"})
    assert refused.status_code == 422


def test_a_closed_evening_takes_no_letter_and_tells_the_late_participant(app, organising, tmp_path):
    ids = _directory(app, tmp_path)
    evening_id = _create(organising, region="Волгоградская область")
    code = _code(app, evening_id)
    assert organising.post(f"/evenings/{evening_id}/close").status_code == 302
    participant = app.test_client()
    late = participant.get(f"/e/{code}", headers=EN)
    assert late.status_code == 410
    assert "no more letters" in late.text and 'id="write-alone"' in late.text
    sent = _write(participant, code, ids["Миронов"])
    assert sent.status_code == 410
    assert _letters(app) == 0
    # What they wrote goes on with them to the site's own letter page, nothing lost.
    carried = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', sent.text, re.S)
    assert carried.group(1) == f"/prisoners/{ids['Миронов']}/write"
    assert f'name="text" value="{LETTER}"' in carried.group(2)
    assert "Аня" in carried.group(2)
    ru = participant.get(f"/e/{code}", headers={"Accept-Language": "ru"})
    assert "больше не принимает писем" in ru.text
    organising.post(f"/evenings/{evening_id}/reopen")
    assert _write(participant, code, ids["Миронов"]).status_code == 302
    assert _letters(app) == 1


def test_an_evening_is_deleted_only_while_nobody_wrote(app, organising, tmp_path):
    ids = _directory(app, tmp_path)
    empty = _create(organising, region="Волгоградская область")
    assert "Delete the evening" in organising.get(f"/evenings/{empty}", headers=EN).text
    assert organising.post(f"/evenings/{empty}/delete").headers["Location"] == "/evenings"
    with app.app_context():
        assert db.session.get(Evening, empty) is None
        assert db.session.query(EveningPrisoner).count() == 0
    used = _create(organising, region="Волгоградская область")
    _write(app.test_client(), _code(app, used), ids["Миронов"])
    page = organising.get(f"/evenings/{used}", headers=EN).text
    # Counts in the plural form their number takes, in both languages.
    assert "Delete the evening" not in page and "1 letter to 1 person; 1 waiting" in page
    russian = organising.get(f"/evenings/{used}", headers={"Accept-Language": "ru"}).text
    assert "1 письмо 1 адресату; 1 ждёт печати." in russian
    with app.app_context():
        reference = db.session.scalars(select(QueuedLetter.reference)).one()
    app.test_client().post(f"/letters/{reference}/withdraw")
    page = organising.get(f"/evenings/{used}", headers=EN).text
    # A withdrawn letter is not counted, but it was written: the evening is closed, not deleted.
    assert "Delete the evening" not in page and "0 letters to 0 people" in page
    organising.post(f"/evenings/{used}/delete")
    with app.app_context():
        assert db.session.get(Evening, used) is not None
        assert db.session.query(EveningLetter).count() == 1


def test_the_evening_and_its_batch_link_to_each_other(app, organising, tmp_path):
    ids = _directory(app, tmp_path)
    evening_id = _create(organising, region="Волгоградская область")
    _write(app.test_client(), _code(app, evening_id), ids["Миронов"])
    printed = organising.post(f"/evenings/{evening_id}/print", data={"envelope_format": "C6"})
    batch_id = int(printed.headers["Location"].rsplit("/", 1)[1])
    batch_page = organising.get(f"/volunteer/batches/{batch_id}", headers=EN).text
    assert f'href="/evenings/{evening_id}"' in batch_page
    evening_page = organising.get(f"/evenings/{evening_id}", headers=EN).text
    assert f'href="/volunteer/batches/{batch_id}"' in evening_page
    ordinary = organising.get(f"/volunteer/batches/{batch_id}", headers=EN)
    assert ordinary.status_code == 200


def test_a_participant_keeps_a_link_to_their_letter_with_its_qr_code(app, organising, tmp_path):
    ids = _directory(app, tmp_path)
    evening_id = _create(organising, region="Волгоградская область")
    other = _create(organising, region="Волгоградская область")
    code = _code(app, evening_id)
    participant = app.test_client()
    sent = _write(participant, code, ids["Миронов"])
    thanks = participant.get(sent.headers["Location"], headers=EN)
    with app.app_context():
        reference = db.session.scalars(select(QueuedLetter.reference)).one()
    assert sent.headers["Location"] == f"/e/{code}/thanks/{reference}"
    assert f'href="http://localhost/letters/{reference}"' in thanks.text
    assert '<svg width="' in thanks.text  # the QR code, made by this server
    assert participant.get(f"/letters/{reference}").status_code == 200
    # Another evening's link does not show this letter.
    assert participant.get(f"/e/{_code(app, other)}/thanks/{reference}").status_code == 404


def test_a_failure_between_queueing_and_linking_leaves_nothing_half_done(
    app, tmp_path, monkeypatch
):
    ids = _directory(app, tmp_path)
    with app.app_context():
        from letters.evenings.shortlist import Criteria

        evening = operations.create_evening(
            db.session, None, name="Вечер", held_on=date.today(), place=None,
            criteria=Criteria(region="Волгоградская область"),
        )  # fmt: skip
        db.session.commit()
        code = evening.code

    def broken(**_):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(operations, "EveningLetter", broken)
    assert _write(app.test_client(), code, ids["Миронов"]).status_code == 500
    # The letter is not in the general queue, where an ordinary batch would print it.
    assert _letters(app) == 0
