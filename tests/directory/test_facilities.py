"""Finding people as organisers do: by town and facility, and a page per facility."""

from __future__ import annotations

from sqlalchemy import select

from letters.directory.import_export import import_files
from letters.directory.models import Facility, Prisoner
from letters.extensions import db
from tests.directory.test_import_export import KAMYSHIN_COLONY, mironov, write_rows

EN = {"Accept-Language": "en"}
IK_2 = {
    "facility_name": "ФКУ ИК-2 УФСИН России по Нижегородской области",
    "facility_kind": "ik",
    "facility_region": "Нижегородская область",
    "facility_postcode": "603000",
    "facility_locality": "г. Нижний Новгород",
}
IK_22 = {**IK_2, "facility_name": "ФКУ ИК-22 УФСИН России по Нижегородской области"}


def _directory(app, tmp_path) -> dict[str, int]:
    path = tmp_path / "rows.csv"
    write_rows(
        path,
        [
            mironov(),  # Камышин, СИЗО-2
            mironov(surname="Петров", dative_name="Петрову Сергею Геннадьевичу",
                    status="colony", **KAMYSHIN_COLONY),  # Камышин, ИК-5
            mironov(surname="Сидоров", dative_name="Сидорову Сергею Геннадьевичу",
                    status="colony", **IK_2),
            mironov(surname="Кузнецов", dative_name="Кузнецову Сергею Геннадьевичу",
                    status="colony", **IK_22),
            mironov(surname="Орлов", dative_name="Орлову Сергею Геннадьевичу",
                    status="released", **IK_2),
        ],
    )  # fmt: skip
    with app.app_context():
        report = import_files(db.session, [path])
        assert report.outcomes["created"] == 5, report.problems
        return {p.surname: p.id for p in db.session.scalars(select(Prisoner))}


def _facility_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalars(select(Facility.id).where(Facility.name == name)).one()


def _found(client, **params) -> list[str]:
    cards = client.get("/api/v1/prisoners", query_string=params).json["prisoners"]
    return sorted(c["full_name"].split()[0] for c in cards)


def test_search_by_town_and_by_facility_name(app, client, tmp_path):
    _directory(app, tmp_path)
    assert _found(client, q="Камышин") == ["Миронов", "Петров"]
    assert _found(client, q="ИК-2") == ["Орлов", "Сидоров"]  # not ИК-22
    assert _found(client, q="ик-22") == ["Кузнецов"]
    assert _found(client, q="Петров") == ["Петров"]  # names still work
    page = client.get("/prisoners", query_string={"q": "Камышин"}, headers=EN)
    assert "Миронов Сергей" in page.text and "Петров Сергей" in page.text


def test_facility_filter_on_the_web_and_in_the_api(app, client, tmp_path):
    _directory(app, tmp_path)
    ik2 = _facility_id(app, IK_2["facility_name"])
    assert _found(client, facility_id=ik2) == ["Орлов", "Сидоров"]
    assert _found(client, facility_id=ik2, status="colony") == ["Сидоров"]
    assert _found(client, facility_id=99999) == []
    bad = client.get("/api/v1/prisoners?facility_id=two")
    assert bad.status_code == 400
    assert bad.json["error"]["code"] == "invalid_parameter"

    page = client.get("/prisoners", query_string={"facility_id": ik2}, headers=EN)
    assert page.status_code == 200
    assert f'<option lang="ru" selected value="{ik2}">' in page.text
    results = page.text[page.text.index('id="results-title"') :]
    assert "Сидоров Сергей" in results and "Орлов Сергей" in results
    assert "Кузнецов" not in results


def test_the_facility_page_lists_everyone_who_can_receive_post(app, client, tmp_path):
    _directory(app, tmp_path)
    ik2 = _facility_id(app, IK_2["facility_name"])
    page = client.get(f"/facilities/{ik2}", headers=EN)
    assert page.status_code == 200
    assert IK_2["facility_name"] in page.text
    held = page.text[page.text.index('id="held-title"') :]
    assert "Сидоров Сергей Геннадьевич" in held
    assert "Орлов" not in held  # released
    assert "People who can receive post: 1" in held
    assert client.get("/facilities/99999").status_code == 404
    prisoner_page = client.get("/prisoners", query_string={"q": "Сидоров"}, headers=EN)
    assert f'href="/facilities/{ik2}"' in prisoner_page.text


def test_a_facility_moved_to_another_town_is_found_there_at_once(app, client, tmp_path):
    _directory(app, tmp_path)
    assert _found(client, q="Камышин") == ["Миронов", "Петров"]  # the index is built now
    with app.app_context():
        facility = db.session.get(Facility, _facility_id(app, IK_2["facility_name"]))
        facility.locality = "г. Камышин"
        db.session.commit()
    assert _found(client, q="Камышин") == ["Миронов", "Орлов", "Петров", "Сидоров"]
