"""Importing the published pages of the sample directory gives complete, correct records."""

from __future__ import annotations

from datetime import date

import pytest

from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
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
        # The page gives no date: it was read that day, nobody confirmed anything.
        assert (p.verified_on, p.read_on) == (None, TODAY)
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
            (PrisonerStatus.REMAND, f.id, None)
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


def test_a_page_with_words_not_understood_holds_letters_until_checked(app, tmp_path):
    """Issue 11: the facility is stored from the parts that were read; the rest must not be
    lost silently, so no letter is printed to it until a coordinator has looked."""
    from letters.addressing import NoPostalAddress, prisoner_address
    from letters.batches.holds import hold_reason
    from letters.batches.models import QueuedLetter
    from letters.directory.presenter import present

    page = (SAMPLE_DIR / "mironov.txt").read_text(encoding="utf-8")
    odd = page.replace("ул. Рабочая, д. 38,", "ул. Рабочая, д. 38, в/ч 12-15,")
    assert odd != page
    (tmp_path / "mironov.txt").write_text(odd, encoding="utf-8")
    with app.app_context():
        import_files(db.session, [tmp_path / "mironov.txt"], today=TODAY)
        prisoner = db.session.query(Prisoner).one()
        assert "address_unplaced" in prisoner.needs_review.split()
        card = present(prisoner, today=TODAY, stale_after_days=90, locale="en")
        assert card.can_post is False
        assert "unchecked" in [n.code for n in card.notices]
        with pytest.raises(NoPostalAddress) as raised:
            prisoner_address(prisoner)
        assert raised.value.code == "unchecked"
        assert hold_reason(QueuedLetter(prisoner=prisoner, text="…")) == "unchecked"
        prisoner.needs_review = None  # a coordinator checked and saved the record
        assert prisoner_address(prisoner).facility.startswith("ФКУ СИЗО-2")
