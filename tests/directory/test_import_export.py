"""Directory import and export: validation, idempotency, transfers, lossless round trips."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from letters.directory.import_export import export_records, import_files, write_csv, write_json
from letters.directory.models import FacilityChange, Prisoner, PrisonerStatus
from letters.directory.records import FLAT_FIELDS, InvalidRecord, PrisonerRecord
from letters.extensions import db

VOLGOGRAD_SIZO = {
    "facility_name": "ФКУ СИЗО-2 УФСИН России по Волгоградской области",
    "facility_kind": "sizo",
    "facility_region": "Волгоградская область",
    "facility_postcode": "403882",
    "facility_locality": "г. Камышин",
    "facility_street": "ул. Рабочая",
    "facility_house": "38",
    "facility_services": "zt",
}
KAMYSHIN_COLONY = {
    "facility_name": "ФКУ ИК-5 УФСИН России по Волгоградской области",
    "facility_kind": "ik",
    "facility_region": "Волгоградская область",
    "facility_postcode": "403874",
    "facility_locality": "г. Камышин",
    "facility_street": "ул. Ленина",
    "facility_house": "1",
}


def mironov(**overrides) -> dict:
    row = {
        "surname": "Миронов",
        "first_name": "Сергей",
        "patronymic": "Геннадьевич",
        "dative_name": "Миронову Сергею Геннадьевичу",
        "name_latin": "Sergei Gennadyevich Mironov",
        "gender": "m",
        "birth_year": "1981",
        "status": "remand",
        "address_presumed": "true",
        "verified_on": "2025-03-01",
        "source_url": "https://memopzk.org/",
        "services": "zt ovd_info memorial_france",
        **VOLGOGRAD_SIZO,
    }
    row.update(overrides)
    return row


def write_rows(path, rows: list[dict]) -> None:
    columns = sorted({k for row in rows for k in row})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def test_csv_row_becomes_a_full_record():
    record = PrisonerRecord.from_flat(mironov())
    assert record.birth_year == 1981
    assert record.address_presumed is True
    assert record.verified_on == date(2025, 3, 1)
    assert record.services == ["zt", "ovd_info", "memorial_france"]
    assert record.facility.postcode == "403882"
    assert record.facility.services == ["zt"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"surname": ""}, "surname is empty"),
        ({"birth_year": "81"}, "not a plausible year"),
        ({"birth_year": "nineteen"}, "not a whole number"),
        ({"facility_postcode": "40388"}, "not six digits"),
        ({"status": "free"}, "status 'free' is not one of"),
        ({"services": "zt telegram"}, "unknown service(s) telegram"),
        ({"gender": "x"}, "gender must be m or f"),
        ({"verified_on": "01.03.2025"}, "not a date"),
        ({"colour": "red"}, "unknown column(s): colour"),
    ],
)
def test_bad_rows_name_the_field_and_reason(override, message):
    with pytest.raises(InvalidRecord, match=message.replace("(", r"\(").replace(")", r"\)")):
        PrisonerRecord.from_flat(mironov(**override))


def test_import_is_idempotent(app, tmp_path):
    path = tmp_path / "directory.csv"
    write_rows(path, [mironov()])
    with app.app_context():
        first = import_files(db.session, [path])
        second = import_files(db.session, [path])
        assert first.outcomes["created"] == 1
        assert second.outcomes["unchanged"] == 1
        assert db.session.query(Prisoner).count() == 1
        assert db.session.query(FacilityChange).count() == 1


def test_reimport_with_a_new_facility_records_a_transfer(app, tmp_path):
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    write_rows(before, [mironov()])
    write_rows(after, [mironov(status="colony", verified_on="2025-06-10", **KAMYSHIN_COLONY)])
    with app.app_context():
        import_files(db.session, [before])
        report = import_files(db.session, [after])
        assert report.outcomes["transferred"] == 1
        prisoner = db.session.query(Prisoner).one()
        assert prisoner.facility.name == KAMYSHIN_COLONY["facility_name"]
        assert prisoner.status is PrisonerStatus.COLONY
        history = [(c.facility.name, c.changed_on, c.note) for c in prisoner.history]
        assert history == [
            (VOLGOGRAD_SIZO["facility_name"], date(2025, 3, 1), None),
            (KAMYSHIN_COLONY["facility_name"], date(2025, 6, 10), "transfer"),
        ]


def test_same_name_different_birth_year_is_a_different_person(app, tmp_path):
    path = tmp_path / "two.csv"
    write_rows(path, [mironov(), mironov(birth_year="1990")])
    with app.app_context():
        import_files(db.session, [path])
        assert db.session.query(Prisoner).count() == 2


def test_ё_and_case_do_not_make_a_duplicate(app, tmp_path):
    path = tmp_path / "a.csv"
    write_rows(path, [mironov(first_name="Пётр", dative_name="Миронову Петру Геннадьевичу")])
    again = tmp_path / "b.csv"
    write_rows(again, [mironov(first_name="ПЕТР", dative_name="Миронову Петру Геннадьевичу")])
    with app.app_context():
        import_files(db.session, [path])
        import_files(db.session, [again])
        assert db.session.query(Prisoner).count() == 1


def test_one_bad_row_stops_the_import_and_says_where(app, tmp_path):
    path = tmp_path / "mixed.csv"
    write_rows(path, [mironov(), mironov(birth_year="1990", facility_postcode="12")])
    with app.app_context():
        report = import_files(db.session, [path])
        assert not report.written
        assert [(p.line, p.reason) for p in report.problems] == [
            (3, "facility_postcode '12' is not six digits")
        ]
        assert db.session.query(Prisoner).count() == 0


def test_skip_bad_imports_the_good_rows(app, tmp_path):
    path = tmp_path / "mixed.csv"
    write_rows(path, [mironov(surname=""), mironov()])
    with app.app_context():
        report = import_files(db.session, [path], skip_bad=True)
        assert report.written
        assert [p.line for p in report.problems] == [2]
        assert db.session.query(Prisoner).count() == 1


def test_json_lines_and_arrays_report_line_numbers(app, tmp_path):
    lines = tmp_path / "d.jsonl"
    lines.write_text(json.dumps(mironov()) + "\n\n{not json}\n", encoding="utf-8")
    array = tmp_path / "d.json"
    array.write_text(json.dumps([mironov(), "just a string"]), encoding="utf-8")
    with app.app_context():
        report = import_files(db.session, [lines, array])
    assert [(p.source.rsplit("/", 1)[1], p.line) for p in report.problems] == [
        ("d.jsonl", 3),
        ("d.json", 2),
    ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_is_lossless(app, tmp_path, fmt):
    source = tmp_path / "source.csv"
    write_rows(
        source,
        [
            mironov(summary="Осуждён на девять лет.", interests="книги, шахматы"),
            {
                "surname": "Перов",
                "first_name": "Валерий",
                "dative_name": "Перову Валерию",
                "name_latin": "Valery Perov",
                "status": "unknown",
                "services": "ovd_info memorial_france",
                "needs_review": "name transliterated from Latin",
                "birth_date": "1970-05-04",
                "birth_year": "1970",
            },
        ],
    )
    with app.app_context():
        import_files(db.session, [source])
        exported = export_records(db.session)
        out = io.StringIO()
        (write_csv if fmt == "csv" else write_json)(exported, out)
        dump = tmp_path / f"dump.{fmt}"
        dump.write_text(out.getvalue(), encoding="utf-8")
        report = import_files(db.session, [dump])
        assert report.outcomes["unchanged"] == 2
        assert export_records(db.session) == exported
    if fmt == "csv":
        assert out.getvalue().splitlines()[0].split(",") == list(FLAT_FIELDS)
