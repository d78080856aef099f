"""The directory's operations run without a request: a command or a job can call them."""

from __future__ import annotations

from datetime import date

import pytest

from letters.directory.models import Facility, FacilityKind, Prisoner, PrisonerStatus
from letters.directory.operations import (
    IdentityClash,
    PrisonerDetails,
    SameFacility,
    attention_list,
    save_facility,
    save_prisoner,
)
from letters.extensions import db
from letters.reports.models import InaccuracyReport, ReportKind

TODAY = date(2026, 12, 2)


def details(**changes) -> PrisonerDetails:
    data = dict(
        surname="Миронов", first_name="Сергей", patronymic="Геннадьевич", dative_name=None,
        name_latin=None, gender="m", birth_year=1980, birth_date=None,
        status=PrisonerStatus.UNKNOWN, address_presumed=False, verified_on=None,
        source_url=None, services=[], summary=None, interests=None, reviewed=False,
    )  # fmt: skip
    return PrisonerDetails(**{**data, **changes})


def test_save_prisoner_declines_marks_hand_edits_and_refuses_a_second_identity(app):
    with app.app_context():
        saved = save_prisoner(db.session, None, details(), TODAY)
        assert saved.created
        assert saved.declined_name == "Миронову Сергею Геннадьевичу"
        assert saved.prisoner.identity_key == "миронов сергей геннадьевич|1980"
        assert "surname" in saved.prisoner.hand_edited
        assert [c.status for c in saved.prisoner.history] == [PrisonerStatus.UNKNOWN]
        with pytest.raises(IdentityClash) as clash:
            save_prisoner(db.session, None, details(dative_name="Миронову С. Г."), TODAY)
        assert clash.value.other.id == saved.prisoner.id
        assert db.session.query(Prisoner).count() == 1


def test_save_facility_refuses_the_same_place_twice(app):
    with app.app_context():
        fields = {"name": "ФКУ ИК-2 УФСИН России по Республике Мордовия", "postcode": "431130"}
        first = save_facility(db.session, None, fields, FacilityKind.IK, ["zt"])
        assert first.name_key == "фку ик-2 уфсин россии по республике мордовия"
        with pytest.raises(SameFacility) as clash:
            save_facility(db.session, None, {**fields, "name": fields["name"].upper()},
                          FacilityKind.IK, [])  # fmt: skip
        assert clash.value.other.id == first.id
        assert db.session.query(Facility).count() == 1


def test_an_open_report_puts_a_prisoner_on_the_attention_list_through_its_signal(app):
    """reports answers the directory's signal (the directory does not import reports), also
    outside a request."""
    with app.app_context():
        prisoner = save_prisoner(db.session, None, details(dative_name="Миронову"), TODAY).prisoner
        assert attention_list(db.session, TODAY, 90) == []
        db.session.add(InaccuracyReport(prisoner_id=prisoner.id, kind=ReportKind.RELEASED))
        db.session.commit()
        (item,) = attention_list(db.session, TODAY, 90)
        assert item.prisoner.id == prisoner.id
        # No request: the default language (Russian), as a command or a job would say it.
        assert item.reasons[0].startswith("Сообщение от читателя:")
