"""Each malformed input the fuzzing found gets a 4xx (web) or a one-line error (CLI)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from letters.auth.models import Role
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.extensions import db
from tests.conftest import create_user
from tests.writing.conftest import letter_form

EN = {"Accept-Language": "en"}


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64, 10**30])
@pytest.mark.parametrize(
    "path",
    ["/prisoners/{}", "/prisoners/{}/write", "/api/v1/prisoners/{}", "/coordinate/prisoners/{}",
     "/coordinate/facilities/{}", "/volunteer/batches/{}"],
)  # fmt: skip
def test_an_id_too_large_for_the_database_is_not_found(coordinating, path, number):
    assert coordinating.get(path.format(number)).status_code == 404


@pytest.mark.parametrize("query", ["limit=²", "birthday_days=²", "limit=١٢", "limit=9" + "9" * 40])
def test_digits_that_are_not_ascii_are_a_clear_400(client, query):
    response = client.get(f"/api/v1/prisoners?{query}", headers=EN)
    assert response.status_code == 400
    assert "must be a whole number" in response.json["error"]["message"]


def test_merge_page_takes_superscript_ids_as_no_choice(coordinating):
    assert coordinating.get("/coordinate/merge?first=²&second=1").status_code == 200


@pytest.mark.parametrize(
    "target", ["/x\r\nSet-Cookie: a=b", "/\\evil.example", "/\\/evil.example", "/\tevil"]
)
def test_next_with_line_breaks_or_backslashes_goes_home(client, target):
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/addresses/parse"])
def test_deeply_nested_json_is_a_400(client, path):
    body = "[" * 5_000 + "]" * 5_000  # deeper than Python's recursion limit, under the 16 KB cap
    response = client.post(path, data=body, content_type="application/json", headers=EN)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"


def test_a_database_failure_still_shows_the_error_page_to_someone_logged_in(app, coordinating):
    with app.app_context():
        db.session.execute(text("DROP TABLE letter_events"))
        # Later tables (an evening's letters) refer to it: PostgreSQL drops their keys too.
        cascade = " CASCADE" if db.engine.dialect.name == "postgresql" else ""
        db.session.execute(text(f"DROP TABLE queued_letters{cascade}"))
        db.session.commit()
    response = coordinating.post(
        "/prisoners/1/write", data={**letter_form(), "action": "queue"}, headers=EN
    )
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "c@example.org" in coordinating.get("/account").text  # the session works again


@pytest.mark.parametrize(
    "args",
    [["batch", "pdf", str(2**63), "--out", "x"], ["batch", "mark", "²", "printed"],
     ["batch", "cancel", str(2**31)], ["batch", "create", "--facility-id", str(2**64)],
     ["batch", "create", "--oldest", "9" * 30]],
)  # fmt: skip
def test_cli_ids_out_of_range_are_one_line(runner, args):
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "is not in the range" in error or "is not a valid integer" in error


def test_cli_out_that_cannot_be_written_is_one_line(app, runner, tmp_path):
    from letters.batches.claims import Selection, create_batch
    from letters.batches.queue import enqueue
    from letters.directory.models import Prisoner
    from letters.draft import Draft

    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
        prisoner = db.session.query(Prisoner).first()
        enqueue(db.session, prisoner, Draft(text="Здравствуйте! Пишу Вам из Казани."))
        batch_id = create_batch(db.session, None, Selection()).id
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = runner.invoke(args=["batch", "pdf", str(batch_id), "--out", str(blocker / "out")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot write to {blocker / 'out'}: ")
    assert len(result.output.strip().splitlines()) == 1

    letters_file = tmp_path / "letters.csv"
    letters_file.write_text(
        'text,prisoner\n"Здравствуйте! Пишу Вам из Казани.","Миронов Сергей Геннадьевич, 1981"\n',
        encoding="utf-8",
    )
    result = runner.invoke(args=["render", str(letters_file), "--out", str(blocker / "out")])
    assert result.exit_code == 1
    assert f"cannot write {blocker / 'out'}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("email", ["nobody@example.org", "c@example.org", "off@example.org"])
def test_log_in_checks_one_password_hash_for_every_e_mail(app, client, monkeypatch, email):
    """The time a log-in takes is one hash check, whether or not the account exists."""
    import letters.auth.models as models

    user = create_user(app, "off@example.org", Role.VOLUNTEER)
    with app.app_context():
        db.session.get(models.User, user.id).active = False
        db.session.commit()
    create_user(app, "c@example.org", Role.COORDINATOR)
    checked = []

    def spy(stored: str, password: str) -> bool:
        checked.append(stored.split("$", 1)[0])
        return models.check_password_hash.__wrapped__(stored, password)

    spy.__wrapped__ = models.check_password_hash
    monkeypatch.setattr(models, "check_password_hash", spy)
    response = client.post("/login", data={"email": email, "password": "wrong password"})
    assert response.status_code == 422
    with app.app_context():
        real = db.session.scalar(db.select(models.User).filter_by(email="c@example.org"))
    # One check, with the same method and cost as a real account's hash.
    assert checked == [real.password_hash.split("$", 1)[0]]


NUL_FILES = {
    "prisoners.csv": "surname,first_name,birth_year\nМиронов,Сер\x00гей,1981\n",
    "prisoners.json": (
        '[{"surname": "Миронов", "first_name": "Сер\\u0000гей", "birth_year": "1981"}]'
    ),
}


@pytest.mark.parametrize("name", sorted(NUL_FILES))
def test_a_directory_file_with_a_nul_is_refused_in_one_line(app, runner, tmp_path, name):
    """PostgreSQL cannot store NUL: the row is refused with its line, nothing is written."""
    from letters.directory.models import Prisoner

    source = tmp_path / name
    source.write_text(NUL_FILES[name], encoding="utf-8")
    result = runner.invoke(args=["directory", "import", str(source)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "NUL character" in result.output
    with app.app_context():
        assert db.session.query(Prisoner).count() == 0


@pytest.mark.parametrize(
    "content",
    ['text,to\n"Здравствуйте\x00!","Миронову"\n', 'text,to\n"Здравствуйте\\u0000!","Миронову"\n'],
)
def test_a_letters_file_with_a_nul_is_refused_in_one_line(app, runner, tmp_path, content):
    from letters.batches.models import QueuedLetter

    source = tmp_path / "letters.csv"
    source.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["queue", "import", str(source)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "NUL character" in result.output
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0


@pytest.mark.parametrize("path", ["/e/%00", "/e/ab%00cd", "/facilities/1%00"])
def test_a_nul_in_the_path_is_a_clear_400(client, path):
    """Found by the fuzz on PostgreSQL: a short link with a NUL was looked up and failed."""
    response = client.get(path)
    assert response.status_code == 400
