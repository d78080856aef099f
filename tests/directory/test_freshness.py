"""The directory says only what it knows about freshness: a page read is not a check.

A published page gives no date. Reading it is recorded as "read on", never as ``verified_on``;
a dated record always wins over an undated reading; history dates are the record's own or
unknown; staleness counts from the reading.
"""

from __future__ import annotations

from datetime import date, timedelta

from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner, PrisonerStatus
from letters.directory.presenter import present
from letters.extensions import db
from tests.directory.test_import_export import mironov, write_rows

READ = date(2026, 12, 7)
IK_12 = {
    "facility_name": "ФКУ ИК-12 УФСИН России по Волгоградской области",
    "facility_kind": "ik",
    "facility_region": "Волгоградская область",
    "facility_postcode": "404171",
    "facility_locality": "п. Светлый Яр",
}


def _read_page(today=READ):
    return import_files(db.session, [SAMPLE_DIR / "mironov.txt"], today=today)


def _mironov() -> Prisoner:
    return db.session.query(Prisoner).filter_by(surname="Миронов").one()


def test_a_read_page_is_shown_as_read_not_as_checked(app, client):
    with app.app_context():
        _read_page(today=date.today())
        prisoner = _mironov()
        prisoner.source_url = "https://memopzk.org/figurant/mironov/"
        db.session.commit()
        assert prisoner.verified_on is None and prisoner.read_on == date.today()
        card = present(prisoner, today=date.today(), stale_after_days=90, locale="en")
        assert card.verified_on is None and card.read_on == date.today().isoformat()
        assert card.source_name == "memopzk.org"
        assert [entry.since for entry in card.history] == [None]
        prisoner_id = prisoner.id
    page = client.get(f"/prisoners/{prisoner_id}", headers={"Accept-Language": "en"}).text
    assert "Last checked" not in page
    assert "As published by memopzk.org, read on" in page
    assert "the page gives no date" in page
    ru = client.get(f"/prisoners/{prisoner_id}", headers={"Accept-Language": "ru"}).text
    assert "Последняя проверка" not in ru
    assert "прочитано" in ru


def test_a_dated_record_wins_over_an_undated_reading(app, tmp_path):
    later = tmp_path / "transfer.csv"
    write_rows(
        later,
        [mironov(status="colony", verified_on="2026-11-20", address_presumed="false", **IK_12)],
    )
    with app.app_context():
        _read_page()
        report = import_files(db.session, [later])
        assert report.outcomes["transferred"] == 1, report.changes
        prisoner = _mironov()
        assert prisoner.facility.name == IK_12["facility_name"]
        assert prisoner.status is PrisonerStatus.COLONY
        assert (prisoner.verified_on, prisoner.read_on) == (date(2026, 11, 20), READ)
        # The record's own date, or unknown: never the day of the import.
        assert [c.changed_on for c in prisoner.history] == [None, date(2026, 11, 20)]

        # Reading the page again later moves nothing back and says why.
        again = _read_page(today=READ + timedelta(days=3))
        prisoner = _mironov()
        assert prisoner.facility.name == IK_12["facility_name"]
        assert prisoner.verified_on == date(2026, 11, 20)
        # A reading of another address does not make the confirmed one look fresher.
        assert prisoner.read_on == READ
        (change,) = again.changes
        assert "gives no date of its own" in str(change.note)
        assert "2026-11-20" in change.note.params["current"]


def test_staleness_counts_from_the_reading(app):
    today = READ + timedelta(days=100)
    with app.app_context():
        _read_page()
        prisoner = _mironov()
        card = present(prisoner, today=today, stale_after_days=90, locale="en")
        assert any("not been checked for 100 days" in n.message for n in card.notices)
        # A confirmation older than the reading does not make it staler.
        prisoner.verified_on = READ - timedelta(days=400)
        card = present(prisoner, today=READ + timedelta(days=10), stale_after_days=90, locale="en")
        assert not [n for n in card.notices if n.code == "stale"]
        assert card.read_on == READ.isoformat()


def test_the_history_says_when_a_date_is_unknown(app, client, tmp_path):
    later = tmp_path / "transfer.csv"
    write_rows(later, [mironov(status="colony", verified_on="2026-11-20", **IK_12)])
    with app.app_context():
        _read_page()
        import_files(db.session, [later])
        prisoner_id = _mironov().id
    page = client.get(f"/prisoners/{prisoner_id}", headers={"Accept-Language": "en"}).text
    assert "from an unknown date to November 20, 2026" in page


def test_merging_keeps_the_latest_reading(app):
    from letters.directory.operations import merge_duplicates

    with app.app_context():
        _read_page()
        keep = _mironov()
        drop = Prisoner(
            surname="Миронов", first_name="Сергей", dative_name="Миронову Сергею",
            birth_year=1981, facility_id=keep.facility_id, status=keep.status,
            read_on=READ + timedelta(days=5), hand_edited=[],
        )  # fmt: skip
        db.session.add(drop)
        db.session.commit()
        merged = merge_duplicates(db.session, keep, drop)
        assert (merged.read_on, merged.verified_on) == (READ + timedelta(days=5), None)
