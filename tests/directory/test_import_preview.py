"""The import preview shows what the import will do, and the pages around it say one thing.

Words of a page's address not understood and likely duplicates are flagged before anything is
written; a facility without a region is warned about; a bad service page address stays typed,
with its error at the field; the card of a person whose address waits for a check says so once.
"""

from __future__ import annotations

import re

from letters.directory.cli import SAMPLE_DIR
from letters.directory.models import Facility, Prisoner
from letters.extensions import db
from tests.directory.test_coordinator import facility_form
from tests.directory.test_import_export import mironov, write_rows

EN = {"Accept-Language": "en"}
UNPLACED = "камера 5, передать лично"


def _page_with_unplaced_words() -> str:
    text = (SAMPLE_DIR / "mironov.txt").read_text(encoding="utf-8")
    return text.replace(
        "по Волгоградской области, Миронову", f"по Волгоградской области, {UNPLACED}, Миронову"
    )


def _preview(client, text: str, fmt: str = ""):
    return client.post(
        "/coordinate/import/", data={"text": text, "fmt": fmt, "preview": "1"}, headers=EN
    )


def test_words_not_understood_are_shown_in_the_preview(app, client, auth, coordinator):
    auth.login(coordinator.email)
    response = _preview(client, _page_with_unplaced_words(), "page")
    assert response.status_code == 200, response.text
    flag = re.search(r'data-flag="unplaced">(.*?)</p>', response.text, re.S).group(1)
    assert "«камера 5», «передать лично»" in flag
    assert "no letter is printed to this address until a coordinator has checked it" in flag
    with app.app_context():
        assert db.session.query(Prisoner).count() == 0  # a preview writes nothing


def test_a_likely_duplicate_is_flagged_in_the_preview(app, client, auth, coordinator, tmp_path):
    known = tmp_path / "known.csv"
    write_rows(known, [mironov(patronymic="", dative_name="Миронову Сергею")])
    with app.app_context():
        from letters.directory.import_export import import_files

        import_files(db.session, [known])
        known_id = db.session.query(Prisoner).one().id
    auth.login(coordinator.email)
    rows = tmp_path / "rows.csv"
    write_rows(rows, [mironov(), mironov(surname="Новиков", patronymic="", dative_name="")])
    response = _preview(client, rows.read_text(encoding="utf-8"), "csv")
    flags = re.findall(r'data-flag="likely_duplicate">(.*?)</p>', response.text, re.S)
    assert len(flags) == 1
    assert f'href="/coordinate/prisoners/{known_id}"' in flags[0]
    assert "Миронов Сергей</a>, 1981" in flags[0]
    with app.app_context():
        assert db.session.query(Prisoner).count() == 1


def test_a_duplicate_within_one_import_is_named_without_a_link(client, auth, coordinator, tmp_path):
    auth.login(coordinator.email)
    rows = tmp_path / "rows.csv"
    write_rows(rows, [mironov(patronymic="", dative_name="Миронову Сергею"), mironov()])
    response = _preview(client, rows.read_text(encoding="utf-8"), "csv")
    (flag,) = re.findall(r'data-flag="likely_duplicate">(.*?)</p>', response.text, re.S)
    assert '<span lang="ru">Миронов Сергей</span> (in this import)' in flag
    assert "href" not in flag


def test_a_facility_without_a_region_is_warned_about(app, client, auth, coordinator):
    auth.login(coordinator.email)
    pasted = "ФКУ ИК-6 УФСИН России по Омской области, 644019, г. Омск, ул. Энергетиков, д. 1"
    filled = client.post(
        "/coordinate/facilities/new",
        data={"paste-text": pasted, "paste-fill": "Fill in"},
        headers=EN,
    )
    assert "The address names no region" in filled.text
    moscow = "ФКУ СИЗО-1 УФСИН России по г. Москве, 107076, г. Москва, ул. Матросская Тишина, 18"
    filled = client.post(
        "/coordinate/facilities/new", data={"paste-text": moscow, "paste-fill": "1"}, headers=EN
    )
    assert "The address names no region" not in filled.text

    saved = client.post(
        "/coordinate/facilities/new",
        data=facility_form(name="ФКУ ИК-6 УФСИН России по Омской области", kind="ik",
                           region="", postcode="644019", locality="г. Омск"),
    )  # fmt: skip
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"], headers=EN).text
    assert 'data-warning="no_region"' in page
    with app.app_context():
        assert db.session.query(Facility).one().region is None


def _unchecked_card(app, client, services: list[str]) -> str:
    from tests.conftest import load_sample_directory

    ids = load_sample_directory(app)
    with app.app_context():
        prisoner = db.session.get(Prisoner, ids["Миронов"])
        prisoner.needs_review = "address_unplaced"
        prisoner.services = services
        db.session.commit()
    return client.get(f"/prisoners/{ids['Миронов']}", headers=EN).text


def test_a_card_waiting_for_a_check_says_one_thing(app, client):
    page = _unchecked_card(app, client, [])
    assert 'data-notice="unchecked"' in page
    assert "forwarding service" not in page
    assert "No way to write to this person is known" not in page
    assert "A letter by post will be possible once a coordinator has checked the address." in page
    assert "/write" not in page.split('id="ways-title"', 1)[1].split("</section>", 1)[0]


def test_a_card_waiting_for_a_check_offers_the_forwarding_services(app, client):
    page = _unchecked_card(app, client, ["ovd_info"])
    assert "you can still write through a forwarding service" in page
    assert "A letter by post will be possible" not in page
    ways = page.split('id="ways-title"', 1)[1].split("</section>", 1)[0]
    assert "/write" in ways and "A paper letter by post" not in ways


def test_the_command_line_import_says_the_same(runner, tmp_path):
    page = tmp_path / "mironov.txt"
    page.write_text(_page_with_unplaced_words(), encoding="utf-8")
    rows = tmp_path / "rows.csv"
    write_rows(rows, [mironov(surname="Миронов", patronymic="", dative_name="Миронову Сергею")])
    result = runner.invoke(args=["directory", "import", str(page), str(rows)])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "address words not understood: «камера 5», «передать лично»" in output
    assert "likely duplicate:" in output and "probably Миронов Сергей Геннадьевич, 1981" in output


def test_a_card_waiting_for_a_check_with_an_e_letter_service(app, client):
    page = _unchecked_card(app, client, ["zt"])
    notice = page.split('data-notice="unchecked">', 1)[1].split("</p>", 1)[0]
    assert notice.endswith("no letter is printed to it.")
    ways = page.split('id="ways-title"', 1)[1].split("</section>", 1)[0]
    assert "/write" in ways and "A paper letter by post" not in ways
