"""The writer's access to a reply: a private link, shown once when the letter is queued; the
reference code alone (and the reply code printed in the letter) opens nothing."""

from __future__ import annotations

import re

from letters.batches.models import QueuedLetter
from letters.evenings.models import Evening
from letters.extensions import db
from letters.replies.access import link_token, reply_code_of
from tests.replies.conftest import write_letters
from tests.writing.conftest import letter_form

EN = {"Accept-Language": "en"}
LINK = re.compile(r'value="(http://localhost/letters/reply\?t=[^"]+)"')


def _queue(client, pid, **extra):
    return client.post(f"/prisoners/{pid}/write", data=letter_form(action="queue", **extra))


def test_the_link_is_shown_once_and_opens_the_reply_page(
    app, client, sample_directory, reply_address
):
    queued = _queue(client, sample_directory["Миронов"], replies="organisation")
    status_url = queued.headers["Location"]
    first = client.get(status_url, headers=EN)
    assert first.headers["Cache-Control"] == "no-store"
    link = LINK.search(first.text).group(1).replace("&amp;", "&")
    assert "Keep this private link" in first.text
    again = client.get(status_url, headers=EN)
    assert "Keep this private link" not in again.text and "/letters/reply?t=" not in again.text
    assert "a reply is shown only on the private link" in again.text
    page = app.test_client().get(link.removeprefix("http://localhost"), headers=EN)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "No reply has arrived yet" in page.text and "Письма" in page.text
    with app.app_context():
        letter = db.session.query(QueuedLetter).one()
        assert letter.reference in page.text
        assert letter.reply_code in page.text
        assert link.endswith(link_token(letter.reply_code))


def test_an_own_address_letter_gets_no_link(app, client, sample_directory, reply_address):
    queued = _queue(client, sample_directory["Миронов"], sender_address="ул. Баумана, 1\nКазань")
    page = client.get(queued.headers["Location"], headers=EN)
    assert "Keep this private link" not in page.text and "status-replies" not in page.text


def test_neither_code_nor_a_forged_or_altered_link_opens_the_reply(
    app, client, sample_directory, reply_address
):
    _queue(client, sample_directory["Миронов"], replies="organisation")
    with app.app_context():
        letter = db.session.query(QueuedLetter).one()
        token = link_token(letter.reply_code)
        reference, code = letter.reference, letter.reply_code
    raw, mac = token.split(".")
    altered = ("B" if mac[0] == "A" else "A") + mac[1:]  # the first character: six whole bits
    for guess in (
        reference, code, code.replace("-", ""), raw, f"{raw}.", f"{raw}.{altered}",
        f"{reference.replace('-', '')}.{mac}", "", "." * 200, f"{raw}.{mac}{'x' * 200}",
        "Ж" * 12 + "." + mac,
    ):  # fmt: skip
        assert client.get("/letters/reply", query_string={"t": guess}).status_code == 404, guess
    assert client.get("/letters/reply", query_string={"t": token.lower()}).status_code == 404
    assert client.get("/letters/reply", query_string={"t": token}).status_code == 200
    with app.app_context():
        assert reply_code_of(token) == code
    # A link made with another secret key opens nothing.
    other = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "another key"
    with app.app_context():
        forged = link_token(code)
    app.config["SECRET_KEY"] = other
    assert client.get("/letters/reply", query_string={"t": forged}).status_code == 404


def test_the_evening_participant_is_given_the_link(
    app, auth, volunteer, client, sample_directory, reply_address
):
    auth.login(volunteer.email)
    created = client.post(
        "/evenings/new", data={"name": "Вечер", "held_on": "2026-12-10", "size": "50"}
    )
    with app.app_context():
        code = db.session.get(Evening, int(created.headers["Location"].rsplit("/", 1)[1])).code
    participant = app.test_client()
    url = f"/e/{code}/write/{sample_directory['Миронов']}"
    queued = participant.post(
        url, data=letter_form(action="queue", replies="organisation"), headers=EN
    )
    page = participant.get(queued.headers["Location"], headers=EN)
    link = re.search(
        r"shown only now: (http://localhost/letters/reply\?t=[A-Za-z0-9_.-]+)", page.text
    )
    path = link.group(1).replace("&amp;", "&").removeprefix("http://localhost")
    assert app.test_client().get(path).status_code == 200


def test_queue_import_prints_each_letters_link(
    app, runner, sample_directory, reply_address, tmp_path
):
    path = write_letters(tmp_path / "letters.csv", {"replies": "organisation"})
    result = runner.invoke(args=["queue", "import", str(path)])
    assert result.exit_code == 0, result.output
    path_shown = re.search(r"private reply link: (/letters/reply\?t=\S+)", result.output).group(1)
    assert app.test_client().get(path_shown).status_code == 200
