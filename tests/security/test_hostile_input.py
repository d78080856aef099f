"""Issue 22's server errors and tracebacks: each is a clear 4xx or a one-line CLI message.

Lone surrogates, addresses that cannot be read, JSON nested too deep, values longer than their
column (PostgreSQL refuses them; SQLite is made to refuse them alike) and ids the database
cannot hold; nothing is half-stored.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from letters.auth.models import Role
from letters.batches.models import QueuedLetter
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Facility, FacilityServicePage, Prisoner
from letters.extensions import db
from tests.conftest import create_user
from tests.directory.test_import_export import mironov, write_rows
from tests.security.test_fuzz import PRISONER

EN = {"Accept-Language": "en"}
BAD_URLS = ["http://[::1", "https://[", "https://[::1/prisoner"]
DEEP = "[" * 100_000 + "]" * 100_000


def _web_import(client, content: bytes, name: str):
    """Upload a file to the coordinators' import and apply it at once (it is previewed first)."""
    return client.post(
        "/coordinate/import/",
        data={"upload": (io.BytesIO(content), name), "fmt": "", "apply": "Apply"},
        content_type="multipart/form-data",
        headers=EN,
    )


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return (
            db.session.query(Prisoner).count(),
            db.session.query(Facility).count(),
            db.session.query(QueuedLetter).count(),
        )


def _one_line_error(result, *needles: str) -> None:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    for needle in needles:
        assert needle in result.output, result.output


# --- lone surrogates ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/addresses/parse"])
@pytest.mark.parametrize(
    "body",
    ['{"text": "\\ud800"}', '{"text": "Привет \\udfff мир"}', '{"text": "x", "locale": "\\ud800"}',
     '{"text": "x", "\\udc00": 1}'],
)  # fmt: skip
def test_a_lone_surrogate_in_the_api_is_a_clear_400(client, path, body):
    response = client.post(path, data=body, content_type="application/json", headers=EN)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_text"
    assert "lone surrogate" in response.json["error"]["message"]


def test_a_surrogate_pair_is_text(client):
    body = '{"text": "Здравствуйте! \\ud83d\\ude00 Пишу Вам из Казани."}'
    response = client.post("/api/v1/check", data=body, content_type="application/json")
    assert response.status_code == 200


def test_a_lone_surrogate_in_a_directory_file_is_a_row_message(app, runner, tmp_path):
    source = tmp_path / "prisoners.json"
    row = {**mironov(), "summary": "SURROGATE"}
    source.write_text(json.dumps([row]).replace("SURROGATE", "\\ud800"), encoding="utf-8")
    result = runner.invoke(args=["directory", "import", str(source)])
    _one_line_error(result, "lone UTF-16 surrogate")
    assert _counts(app)[0] == 0


@pytest.mark.parametrize("command", [["queue", "import"], ["render"]])
def test_a_lone_surrogate_in_a_letters_file_is_one_line(app, runner, tmp_path, command):
    source = tmp_path / "letters.jsonl"
    source.write_text('{"text": "Здравствуйте\\udc80!", "to": "Миронову"}\n', encoding="utf-8")
    out = ["--out", str(tmp_path / "out")] if command == ["render"] else []
    result = runner.invoke(args=[*command, str(source), *out])
    _one_line_error(result, "line 1", "lone UTF-16 surrogate")
    assert _counts(app)[2] == 0


# --- Origin and Referer ------------------------------------------------------------------------
# (in tests/security/test_https_forms.py, beside the other checks of where a post comes from)


# --- addresses that cannot be read -------------------------------------------------------------


@pytest.mark.parametrize("url", BAD_URLS)
def test_an_unreadable_web_address_in_a_coordinator_form_is_a_422(app, coordinating, url):
    before = _counts(app)
    for path, form in [("/coordinate/prisoners/new", PRISONER),
                       ("/coordinate/prisoners/1", PRISONER)]:  # fmt: skip
        form = {**form, "surname": "Тестов", "source_url": url}
        response = coordinating.post(path, data=form, headers=EN)
        assert response.status_code == 422, (path, response.status_code)
        assert "Enter a full web address starting with https://." in response.text
    with app.app_context():
        facility_id = db.session.query(Facility.id).first()[0]
    response = coordinating.post(
        f"/coordinate/facilities/{facility_id}/service-page",
        data={"service": "zt", "url": url},
        headers=EN,
    )
    # The same page again, the message at the field (issue 23: the typed address is kept).
    assert response.status_code == 422
    assert "Enter a full web address" in response.text
    assert _counts(app) == before
    with app.app_context():
        assert db.session.query(FacilityServicePage).count() == 0


@pytest.mark.parametrize("url", BAD_URLS)
def test_an_unreadable_source_url_in_an_import_is_a_row_message(
    app, coordinating, runner, tmp_path, url
):
    source = tmp_path / "prisoners.csv"
    write_rows(source, [mironov(surname="Новиков", dative_name="", source_url=url)])
    before = _counts(app)
    result = runner.invoke(args=["directory", "import", str(source)])
    _one_line_error(result, "source_url must be a web address")
    response = _web_import(coordinating, source.read_bytes(), "p.csv")
    assert response.status_code == 422
    assert "source_url must be a web address" in response.text
    assert _counts(app) == before


# --- JSON nested too deep ----------------------------------------------------------------------


def test_deeply_nested_json_in_the_web_import_is_a_422(app, coordinating):
    before = _counts(app)
    response = _web_import(coordinating, DEEP.encode(), "p.json")
    assert response.status_code == 422
    assert "nested too deeply" in response.text
    assert _counts(app) == before


@pytest.mark.parametrize(
    ("command", "name"),
    [(["directory", "import"], "p.json"), (["queue", "import"], "l.json"),
     (["render"], "l.json"), (["render"], "l.jsonl"), (["directory", "import"], "p.jsonl")],
)  # fmt: skip
def test_deeply_nested_json_is_one_line_in_every_command(app, runner, tmp_path, command, name):
    source = tmp_path / name
    source.write_text(DEEP, encoding="utf-8")
    out = ["--out", str(tmp_path / "out")] if command == ["render"] else []
    result = runner.invoke(args=[*command, str(source), *out])
    _one_line_error(result, "nested too deeply")
    assert _counts(app) == (0, 0, 0)


# --- values longer than their column -----------------------------------------------------------

TOO_LONG = [
    ({"first_name": "С" * 1000}, "first_name is too long: 1000 characters, at most 120"),
    ({"surname": "Миронов" * 22}, "surname is too long: 154 characters, at most 120"),
    ({"facility_house": "1" * 41}, "facility_house is too long: 41 characters, at most 40"),
    ({"source_url": "https://example.org/" + "x" * 500}, "source_url is too long"),
    # Each part fits, the search key made of them does not.
    ({"surname": "Щукин" * 20, "first_name": "Щ" * 100, "name_latin": "Shchukin" * 40},
     "the name is too long"),
]  # fmt: skip


@pytest.mark.parametrize(("values", "message"), TOO_LONG)
def test_a_value_longer_than_its_column_is_a_row_message(
    app, coordinating, runner, tmp_path, values, message
):
    source = tmp_path / "prisoners.csv"
    write_rows(source, [mironov(surname="Новиков"), mironov(**values)])
    before = _counts(app)
    result = runner.invoke(args=["directory", "import", str(source)])
    _one_line_error(result, message, "prisoners.csv:3:")
    assert "db upgrade" not in result.output
    response = _web_import(coordinating, source.read_bytes(), "p.csv")
    assert response.status_code == 422
    assert message in response.text
    assert _counts(app) == before  # not even the good row: all or nothing


def test_skip_bad_stores_the_rows_that_fit(app, runner, tmp_path):
    source = tmp_path / "prisoners.csv"
    write_rows(source, [mironov(surname="Новиков"), mironov(first_name="С" * 1000)])
    result = runner.invoke(args=["directory", "import", "--skip-bad", str(source)])
    assert "Traceback" not in result.output and "first_name is too long" in result.output
    with app.app_context():
        assert [p.surname for p in db.session.query(Prisoner)] == ["Новиков"]


# --- ids the database cannot hold --------------------------------------------------------------


@pytest.mark.parametrize("facility_id", [str(2**31), str(2**63), "²", "-1", "1.5"])
def test_an_evening_for_a_facility_id_out_of_range_is_a_422(app, client, auth, facility_id):
    create_user(app, "v@example.org", Role.VOLUNTEER)
    auth.login("v@example.org")
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
    response = client.post(
        "/evenings/new",
        data={"name": "Вечер", "held_on": "2026-12-10", "facility_id": facility_id, "size": "5"},
        headers=EN,
    )
    assert response.status_code == 422, response.status_code
    assert "Choose a facility from the list." in response.text


@pytest.mark.parametrize(
    "args",
    [["cards", "--evening", str(2**63), "--out", "x.pdf"],
     ["cards", "--facility-id", str(2**63), "--out", "x.pdf"],
     ["cards", "--facility-id", str(2**31), "--out", "x.pdf"],
     ["batch", "retry", str(2**63)], ["batch", "retry", str(2**31)], ["batch", "retry", "²"]],
)  # fmt: skip
def test_cli_ids_the_database_cannot_hold_are_one_line(runner, args):
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "is not in the range" in error or "is not a valid integer" in error
