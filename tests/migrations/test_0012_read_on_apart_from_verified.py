"""Migration 0012_read_on_apart_from_verified: a directory made at the previous revision, where
importing a published page stamped ``verified_on`` and the history with the day of import,
keeps every row, and those stamps become "read on" while real dates stay."""

from __future__ import annotations

from datetime import date

from letters.directory.models import Prisoner
from letters.extensions import db

PREVIOUS = "0011_evening_limits_and_codes"

SIZO = "ФКУ СИЗО-2 УФСИН России по Волгоградской области"
IK = "ФКУ ИК-12 УФСИН России по Волгоградской области"


def _prisoner(number, surname, first, dative, *, verified, updated, hand="[]", facility=1):
    return {
        "id": number, "surname": surname, "first_name": first, "patronymic": None,
        "dative_name": dative, "name_latin": None, "gender": "m", "birth_year": 1980 + number,
        "birth_date": None, "status": "remand" if facility else "unknown",
        "facility_id": facility, "address_presumed": False, "verified_on": verified,
        "source_url": "https://memopzk.org/figurant/x/", "services": "[]", "summary": None,
        "interests": None, "needs_review": None, "search_key": surname,
        "identity_key": f"{surname.lower()} {first.lower()}|{1980 + number}",
        "created_at": "2026-12-01 02:00:00+00:00", "updated_at": updated, "hand_edited": hand,
    }  # fmt: skip


def _change(number, prisoner, facility, changed_on, recorded_at):
    return {
        "id": number, "prisoner_id": prisoner, "facility_id": facility, "status": "remand",
        "changed_on": changed_on, "note": None, "recorded_at": recorded_at,
    }  # fmt: skip


def fill(old) -> None:
    """The shapes real databases hold at the previous revision."""
    old.insert("facilities", [
        {"id": number, "kind": kind, "name": name, "name_key": name.lower(),
         "region": "Волгоградская область", "postcode": "403882", "services": "[]",
         "created_at": "2026-12-01 02:00:00+00:00", "updated_at": "2026-12-01 02:00:00+00:00"}
        for number, kind, name in ((1, "sizo", SIZO), (2, "ik", IK))
    ])  # fmt: skip
    old.insert("prisoners", [
        # A page imported on 7 December: the date is the import's stamp.
        _prisoner(1, "Миронов", "Сергей", "Миронову Сергею",
                  verified="2026-12-07", updated="2026-12-07 03:10:00+00:00"),
        # A page read on 1 December, then a dated JSON transfer (20 November) imported on 7.
        _prisoner(2, "Петров", "Иван", "Петрову Ивану", facility=2,
                  verified="2026-11-20", updated="2026-12-07 03:20:00+00:00"),
        # A coordinator's check on 7 December (hand-edited): a real confirmation.
        _prisoner(3, "Сидоров", "Пётр", "Сидорову Петру", verified="2026-12-07",
                  updated="2026-12-07 04:00:00+00:00",
                  hand='["address_presumed", "facility_id", "status", "verified_on"]'),
        # A page read again on 5 December, nothing moved: the stamp is the row's last write.
        _prisoner(4, "Орлов", "Олег", "Орлову Олегу",
                  verified="2026-12-05", updated="2026-12-05 09:00:00+00:00"),
        # A page with no address: nothing was ever stamped.
        _prisoner(5, "Перов", "Валерий", "Перову Валерию", facility=None, verified=None,
                  updated="2026-12-01 02:00:00+00:00"),
    ])  # fmt: skip
    old.insert("facility_changes", [
        _change(1, 1, 1, "2026-12-07", "2026-12-07 03:10:00+00:00"),
        _change(2, 2, 1, "2026-12-01", "2026-12-01 02:00:00+00:00"),
        _change(3, 2, 2, "2026-11-20", "2026-12-07 03:20:00+00:00"),
        _change(4, 3, 1, "2026-12-07", "2026-12-07 04:00:00+00:00"),
        _change(5, 4, 1, "2026-12-01", "2026-12-01 02:00:00+00:00"),
    ])  # fmt: skip


def _day(value):
    return None if value is None else date.fromisoformat(str(value)[:10])


def test_import_stamps_become_readings_and_real_dates_stay(database_at):
    old = database_at(PREVIOUS)
    fill(old)
    before = {table: old.rows(table) for table in ("facilities", "prisoners", "facility_changes")}

    old.upgrade()

    assert old.rows("facilities", before["facilities"].columns) == before["facilities"]
    unchanged = [c for c in before["prisoners"].columns if c != "verified_on"]
    kept = old.rows("prisoners", unchanged)
    assert kept.values == [tuple(row) for row in _without(before["prisoners"], "verified_on")]
    dates = {
        row[0]: (_day(row[1]), _day(row[2]))
        for row in old.rows("prisoners", ["id", "verified_on", "read_on"]).values
    }
    assert dates == {
        1: (None, date(2026, 12, 7)),
        2: (date(2026, 11, 20), None),
        3: (date(2026, 12, 7), None),
        4: (None, date(2026, 12, 5)),
        5: (None, None),
    }
    history = {
        row[0]: _day(row[1]) for row in old.rows("facility_changes", ["id", "changed_on"]).values
    }
    # The import days are not when anything happened; the record's and the coordinator's are.
    assert history == {
        1: None,
        2: None,
        3: date(2026, 11, 20),
        4: date(2026, 12, 7),
        5: None,
    }
    other = [c for c in before["facility_changes"].columns if c != "changed_on"]
    assert old.rows("facility_changes", other).values == [
        tuple(row) for row in _without(before["facility_changes"], "changed_on")
    ]

    with old.app.app_context():
        mironov = db.session.get(Prisoner, 1)
        assert mironov.last_seen_on == date(2026, 12, 7)
        assert [c.changed_on for c in mironov.history] == [None]


def _without(rows, column: str) -> list[tuple]:
    index = rows.columns.index(column)
    return [row[:index] + row[index + 1 :] for row in rows.values]
