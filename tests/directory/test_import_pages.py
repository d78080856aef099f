"""Importing the published pages of the sample directory gives complete, correct records."""

from __future__ import annotations

from datetime import date

from letters.directory.cli import SAMPLE_DIR
from letters.directory.exchange import import_files
from letters.directory.models import FacilityKind, Prisoner, PrisonerStatus
from letters.extensions import db

TODAY = date(2026, 11, 21)


def _import(app, *names: str, today=TODAY):
    with app.app_context():
        return import_files(db.session, [SAMPLE_DIR / n for n in names], today=today)


def test_mironov_page_becomes_a_complete_record(app):
    report = _import(app, "mironov.txt")
    assert report.outcomes["created"] == 1
    with app.app_context():
        p = db.session.query(Prisoner).one()
        assert (p.surname, p.first_name, p.patronymic) == ("Миронов", "Сергей", "Геннадьевич")
        assert p.dative_name == "Миронову Сергею Геннадьевичу"
        assert p.name_latin == "Sergei Gennadyevich Mironov"
        assert p.gender == "m"
        assert p.birth_year == 1981
        assert p.birth_date is None
        assert p.status is PrisonerStatus.REMAND
        assert p.address_presumed is True
        assert p.verified_on == TODAY
        assert p.services == ["memorial_france", "ovd_info", "zt"]
        assert p.summary.startswith("A man from Kamyshin was given nine years")
        assert p.needs_review == "presumed_address"
        f = p.facility
        assert f.name == "ФКУ СИЗО-2 УФСИН России по Волгоградской области"
        assert f.kind is FacilityKind.SIZO
        assert (f.postcode, f.region, f.locality, f.street, f.house, f.building, f.district) == (
            "403882", "Волгоградская область", "г. Камышин", "ул. Рабочая", "38", None, None
        )  # fmt: skip
        assert f.address_en == (
            "Remand Prison No. 2, Federal Penitentiary Service of Russia for Volgograd Oblast, "
            "38 Rabochaya Street, Kamyshin, Volgograd Oblast, 403882, Russia"
        )
        assert f.services == ["zt"]
        assert [(c.status, c.facility_id, c.changed_on) for c in p.history] == [
            (PrisonerStatus.REMAND, f.id, TODAY)
        ]


def test_perov_page_without_address_is_writable_through_forwarders(app):
    _import(app, "perov.txt")
    with app.app_context():
        p = db.session.query(Prisoner).one()
        assert (p.surname, p.first_name, p.patronymic) == ("Перов", "Валерий", None)
        assert p.dative_name == "Перову Валерию"
        assert p.name_latin == "Valery Perov"
        assert p.birth_year is None
        assert p.facility is None
        assert p.status is PrisonerStatus.UNKNOWN
        assert p.verified_on is None
        assert p.address_presumed is False
        assert p.services == ["memorial_france", "ovd_info"]
        assert set(p.needs_review.split()) == {"name_from_latin", "no_patronymic", "no_address"}
        assert p.summary.startswith("An electrician from Nizhny Novgorod")


def test_reimporting_the_sample_changes_nothing(app):
    _import(app, "mironov.txt", "perov.txt")
    report = _import(app, "mironov.txt", "perov.txt")
    assert report.outcomes["unchanged"] == 2
    with app.app_context():
        assert db.session.query(Prisoner).count() == 2


def test_a_text_that_is_not_a_prisoner_page_is_reported(app, tmp_path):
    page = tmp_path / "notes.txt"
    page.write_text("Купить хлеба и марок.\n", encoding="utf-8")
    report = _import(app, str(page))
    assert not report.written
    assert report.problems[0].line == 1
    assert "not a prisoner page" in report.problems[0].reason
