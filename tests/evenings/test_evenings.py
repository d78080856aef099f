"""Letter-writing evenings: from creation to one printed batch, with per-prisoner counts."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pdfplumber
import pytest
from sqlalchemy import select

from letters.batches.claims import NothingToClaim, Selection, create_batch
from letters.batches.models import LetterStatus, QueuedLetter
from letters.batches.retention import purge
from letters.directory.models import Prisoner
from letters.evenings.models import Evening, EveningLetter
from letters.evenings.shortlist import Criteria, build_shortlist
from letters.extensions import db
from tests.batches.conftest import LETTER, queue_letters
from tests.directory.test_facilities import IK_2, _directory, _facility_id
from tests.evenings.conftest import create_evening as _create

EN = {"Accept-Language": "en"}


def test_shortlists_by_facility_region_birthdays_and_fewest_letters(app, tmp_path):
    ids = _directory(app, tmp_path)
    with app.app_context():
        for surname, birthday in (("Миронов", date(1981, 12, 30)), ("Сидоров", date(1981, 1, 5)),
                                  ("Петров", date(1981, 6, 1))):  # fmt: skip
            db.session.get(Prisoner, ids[surname]).birth_date = birthday
        db.session.commit()
        ik2 = _facility_id(app, IK_2["facility_name"])

        def names(**criteria) -> list[str]:
            return [p.surname for p in build_shortlist(db.session, Criteria(**criteria))]

        assert names() == ["Кузнецов", "Миронов", "Петров", "Сидоров"]  # Орлов is released
        assert names(facility_id=ik2) == ["Сидоров"]
        assert names(region="Волгоградская область") == ["Миронов", "Петров"]
        # A range over the new year.
        assert names(birthdays_from=date(2026, 12, 20), birthdays_to=date(2027, 1, 10)) == [
            "Миронов", "Сидоров"
        ]  # fmt: skip
        queue_letters(2, "Кузнецов")
        queue_letters(1, "Миронов")
        assert names(fewest_letters=True, size=2) == ["Петров", "Сидоров"]


def test_an_evening_from_creation_to_one_printed_batch(app, organising, tmp_path):
    ids = _directory(app, tmp_path)

    assert organising.get("/evenings/new", headers=EN).status_code == 200
    evening_id = _create(organising, region="Волгоградская область")
    page = organising.get(f"/evenings/{evening_id}", headers=EN)
    with app.app_context():
        code = db.session.get(Evening, evening_id).code
    assert f"http://localhost/e/{code}" in page.text
    assert '<svg width="' in page.text  # the QR code, drawn in the page itself
    qr = organising.get(f"/evenings/{evening_id}/qr.svg")
    assert qr.headers["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.data
    cards = organising.get(f"/evenings/{evening_id}/cards.pdf")
    assert cards.headers["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(cards.data)) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Миронов Сергей Геннадьевич" in text and "Петров Сергей Геннадьевич" in text

    participant = app.test_client()  # no account
    listing = participant.get(f"/e/{code.lower()}", headers=EN)
    assert "Миронов Сергей Геннадьевич" in listing.text and "Сидоров" not in listing.text
    assert participant.get(f"/e/{code}/write/{ids['Сидоров']}").status_code == 404
    refused = participant.post(
        f"/e/{code}/write/{ids['Миронов']}",
        data={"text": "Hello, this is written in English.", "action": "queue"},
        headers=EN,
    )
    assert refused.status_code == 422
    # An envelope that cannot be printed is refused here as on the writer's own page, on the
    # field to correct and with the letter kept, never queued to be held later.
    unprintable = participant.post(
        f"/e/{code}/write/{ids['Миронов']}",
        data={"text": LETTER, "sender_name": "Аня ★", "action": "queue"},
        headers=EN,
    )
    assert unprintable.status_code == 422
    assert "★" in unprintable.text and "U+2605" in unprintable.text
    assert LETTER.split()[0] in unprintable.text
    with app.app_context():
        assert db.session.query(EveningLetter).count() == 0
    for surname in ("Миронов", "Миронов", "Петров"):
        sent = participant.post(
            f"/e/{code}/write/{ids[surname]}",
            data={"text": LETTER, "signature": "Аня", "action": "queue"},
        )
        assert sent.status_code == 302
    with app.app_context():
        queue_letters(1, "Сидоров")  # an ordinary letter, not the evening's
        assert db.session.query(EveningLetter).count() == 3
        # An ordinary batch leaves the evening's letters for the organiser.
        ordinary = create_batch(db.session, None, Selection())
        assert [letter.prisoner.surname for letter in ordinary.letters] == ["Сидоров"]
        queue_letters(1, "Сидоров")
    # Nor does the volunteers' queue page list them.
    page = organising.get("/volunteer/", headers=EN).text
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert IK_2["facility_name"] in table
    assert "Волгоградской" not in table  # where the evening's letters go

    counts = organising.get(f"/evenings/{evening_id}", headers=EN).text
    assert "3 letters to 2 people; 3 waiting to be printed." in counts

    printed = organising.post(f"/evenings/{evening_id}/print", data={"envelope_format": "C6"})
    assert printed.status_code == 302
    batch_id = int(printed.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        letters = db.session.scalars(
            select(QueuedLetter).where(QueuedLetter.batch_id == batch_id)
        ).all()
        assert len(letters) == 3
        assert {letter.status for letter in letters} == {LetterStatus.IN_BATCH}
        with pytest.raises(NothingToClaim):
            create_batch(db.session, None, Selection(evening_id=evening_id))
    again = organising.post(f"/evenings/{evening_id}/print", data={"envelope_format": "C6"})
    assert again.headers["Location"] == f"/evenings/{evening_id}"  # nothing printed twice

    with app.app_context():
        posted_long_ago = date.today() - timedelta(days=40)
        for letter in db.session.scalars(select(QueuedLetter)):
            letter.status, letter.posted_on = LetterStatus.POSTED, posted_long_ago
        db.session.commit()
        assert purge(db.session, 30) == 5
        assert all(letter.text is None for letter in db.session.scalars(select(QueuedLetter)))


def test_only_volunteers_organise_and_bad_input_is_a_form_error(app, client, organising, tmp_path):
    _directory(app, tmp_path)
    response = organising.post(
        "/evenings/new",
        data={"name": "", "held_on": "завтра", "size": "1000", "birthdays_from": "2026-12-01"},
        headers=EN,
    )
    assert response.status_code == 422
    for message in ("Give the evening a name.", "From 1 to 200.", "or neither"):
        assert message in response.text
    nobody = organising.post(
        "/evenings/new",
        data={"name": "x", "held_on": "2026-12-10", "size": "5", "region": "Марс"},
        headers=EN,
    )
    assert nobody.status_code == 422
    assert app.test_client().get("/evenings/new").status_code == 302  # log in first
    assert app.test_client().get("/e/NOSUCH").status_code == 404
