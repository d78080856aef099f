"""A queue of letters to the sample prisoners, and a second facility to transfer to."""

from __future__ import annotations

from datetime import date

import pytest

from letters.batches.queue import enqueue
from letters.directory.models import Facility, FacilityKind, Prisoner, PrisonerStatus
from letters.directory.store import record_transfer
from letters.draft import Draft
from letters.extensions import db

LETTER = "Здравствуйте! Пишу Вам из Казани. У нас выпал первый снег, и я вспомнила о Вас."


def queue_letters(count: int, surname: str = "Миронов", **draft) -> list[int]:
    """Queue ``count`` letters to the sample prisoner ``surname``; their ids."""
    prisoner = db.session.query(Prisoner).filter_by(surname=surname).one()
    letter = Draft.from_typed(LETTER, **draft)
    ids = [enqueue(db.session, prisoner, letter).id for _ in range(count)]
    db.session.commit()  # enqueue flushes; its caller commits
    return ids


def claim_batch(client, envelope_format: str = "C6") -> int:
    """Make a batch of every printable letter through the volunteer's form; its id."""
    response = client.post(
        "/volunteer/batches", data={"which": "all", "envelope_format": envelope_format}
    )
    return int(response.headers["Location"].rsplit("/", 1)[1])


def transfer_mironov_to_colony(colony_id: int) -> None:
    """Mironov leaves his remand prison for the colony of the ``directory`` fixture, today."""
    mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
    colony = db.session.get(Facility, colony_id)
    record_transfer(db.session, mironov, facility=colony, status=PrisonerStatus.COLONY,
                    on=date.today())  # fmt: skip
    db.session.commit()


@pytest.fixture
def directory(app, sample_directory):
    """The sample directory and a colony to transfer people to."""
    with app.app_context():
        colony = Facility(
            name="ФКУ ИК-5 УФСИН России по Волгоградской области",
            name_key="фку ик-5 уфсин россии по волгоградской области",
            kind=FacilityKind.IK, region="Волгоградская область", postcode="403874",
            locality="г. Камышин", street="ул. Ленина", house="1",
        )  # fmt: skip
        db.session.add(colony)
        db.session.commit()
        return {"colony_id": colony.id}
