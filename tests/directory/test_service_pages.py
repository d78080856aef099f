"""A facility's own page on a service: recorded by a coordinator, opened by the hand-off."""

from __future__ import annotations

import html

from letters.directory.models import FacilityServicePage, Prisoner
from letters.extensions import db
from tests.writing.conftest import letter_form

EN = {"Accept-Language": "en"}


def _mironov(app, sample_directory) -> tuple[int, int]:
    with app.app_context():
        mironov = db.session.get(Prisoner, sample_directory["Миронов"])
        mironov.services = ["zt", "ovd_info", "memorial_france"]
        db.session.commit()
        return mironov.id, mironov.facility_id


def _open_button(page: str) -> str:
    return page.split('id="open-service"', 1)[1].split("</a>", 1)[0]


def test_a_coordinator_records_the_page_and_the_handoff_opens_it(
    app, client, auth, coordinator, sample_directory
):
    pid, facility_id = _mironov(app, sample_directory)
    # Nothing recorded: the service's home page, said plainly.
    page = client.post(f"/prisoners/{pid}/handoff/zt", data=letter_form(), headers=EN).text
    assert 'data-page="home" href="https://zt.ru/"' in _open_button(page)
    assert "Open Zonatelecom (ZT) (home page)" in _open_button(page)
    assert "Back to my letter" in page and "Last checked" in page

    auth.login(coordinator.email)
    url = f"/coordinate/facilities/{facility_id}/service-page"
    for bad in ("javascript:alert(1)", "ftp://zt.ru/x", "zt.ru/facility"):
        response = client.post(url, data={"service": "zt", "url": bad}, headers=EN)
        # The page again, at its section: the typed address kept, the error at its field.
        assert response.status_code == 422
        section = response.text.split('id="service-pages"', 1)[1].split("</section>", 1)[0]
        url_field = section.split('class="field field-error"', 1)[1].split("</div>", 1)[0]
        assert f'value="{html.escape(bad)}"' in url_field
        assert "Enter a full web address starting with https://." in url_field
        assert 'action="' + url + '#service-pages"' in section
        assert 'class="flash' not in response.text.split('id="service-pages"', 1)[0]
        with app.app_context():
            assert db.session.query(FacilityServicePage).count() == 0
    refused = client.post(url, data={"service": "nope", "url": "https://zt.ru/a"}, headers=EN)
    assert refused.status_code == 422 and 'value="https://zt.ru/a"' in refused.text
    good = "https://zt.ru/facility/403882"
    client.post(url, data={"service": "zt", "url": good})
    shown = client.get(f"/coordinate/facilities/{facility_id}", headers=EN).text
    assert f'<li data-service="zt">Zonatelecom (ZT): <a href="{good}"' in shown

    page = client.post(f"/prisoners/{pid}/handoff/zt", data=letter_form(), headers=EN).text
    assert f'data-page="facility" href="{good}"' in _open_button(page)
    assert "Open this facility's page on Zonatelecom (ZT)" in _open_button(page)
    assert "A coordinator recorded this facility's page on the service on" in page
    # Another service of the same facility is not affected; one with a form opens the form.
    other = client.post(f"/prisoners/{pid}/handoff/memorial_france", data=letter_form(), headers=EN)
    assert 'data-page="form" href="https://memorial-france.org/politzeki/"' in other.text

    client.post(url, data={"service": "zt", "url": ""})  # an empty address removes it
    with app.app_context():
        assert db.session.query(FacilityServicePage).count() == 0


def test_only_coordinators_record_pages(app, client, sample_directory):
    _, facility_id = _mironov(app, sample_directory)
    response = client.post(
        f"/coordinate/facilities/{facility_id}/service-page",
        data={"service": "zt", "url": "https://zt.ru/x"},
    )
    assert response.status_code in (302, 403)
    with app.app_context():
        assert db.session.query(FacilityServicePage).count() == 0
    assert client.post("/coordinate/facilities/999999/service-page").status_code in (302, 404)
