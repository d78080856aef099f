"""Returned mail, end to end: recorded on the web and by the CLI, shown to the writer, flagged
for the coordinators with the facility it came back from."""

from __future__ import annotations

from letters.auth.models import Role
from letters.batches import generation, lifecycle
from letters.batches.claims import Selection, create_batch
from letters.batches.models import Batch, LetterStatus, QueuedLetter
from letters.directory.models import Prisoner
from letters.extensions import db
from letters.messages import StoredMessage
from tests.batches.conftest import queue_letters
from tests.conftest import AuthActions, create_user

EN = {"Accept-Language": "en"}


def posted_letters(app, count: int) -> list[tuple[int, str]]:
    """``count`` letters to Mironov, batched, printed and posted: their ids and codes."""
    with app.app_context():
        ids = queue_letters(count)
        batch = create_batch(db.session, None, Selection())
        assert generation.generate(app, batch.id)  # printing needs the files
        batch = db.session.get(Batch, batch.id)
        lifecycle.mark_printed(db.session, batch, None)
        lifecycle.mark_posted(db.session, batch, None)
        db.session.commit()
        return [(i, db.session.get(QueuedLetter, i).reference) for i in ids]


def logged_in(app, email: str, role: Role):
    create_user(app, email, role)
    actions = AuthActions(app.test_client())
    actions.login(email)
    return actions.client


def test_returned_letter_from_the_batch_page_to_the_writer_and_the_coordinator(app, directory):
    (first_id, first_code), (second_id, _) = posted_letters(app, 2)
    volunteer = logged_in(app, "vera@example.org", Role.VOLUNTEER)
    with app.app_context():
        batch_id = db.session.get(QueuedLetter, first_id).batch_id
    page = volunteer.get(f"/volunteer/batches/{batch_id}", headers=EN).text
    assert f"/volunteer/letters/{first_id}/returned" in page

    # «other» needs a note: a clear 422, nothing recorded.
    refused = volunteer.post(f"/volunteer/letters/{first_id}/returned",
                             data={"reason": "other", "note": ""}, headers=EN)  # fmt: skip
    assert refused.status_code == 422 and "Write what is stamped" in refused.text
    done = volunteer.post(f"/volunteer/letters/{first_id}/returned", data={"reason": "moved"})
    assert done.status_code == 302
    again = volunteer.post(f"/volunteer/letters/{first_id}/returned", data={"reason": "moved"})
    assert again.status_code == 409  # recorded once, never twice

    with app.app_context():
        letter = db.session.get(QueuedLetter, first_id)
        assert letter.status is LetterStatus.RETURNED and letter.returned_reason == "moved"
        assert letter.returned_facility_id == letter.prisoner.facility_id
        note = StoredMessage.loads(letter.events[-1].note)
        assert note.message("en") == (
            "returned: «выбыл» — the addressee has left (transferred or released)"
        )
        assert note.message("ru").startswith("возвращено: «выбыл»")
        assert "returned_mail" in letter.prisoner.needs_review.split()
        assert db.session.get(QueuedLetter, second_id).status is LetterStatus.POSTED

    # The writer sees it on the status page, in both languages.
    status = app.test_client().get(f"/letters/{first_code}", headers=EN).text
    assert "Returned or not delivered" in status and "«выбыл»" in status
    ru = app.test_client().get(f"/letters/{first_code}", headers={"Accept-Language": "ru"}).text
    assert "вернулось" in ru

    # The coordinator: the prisoner on the attention list, the facility with its count.
    coordinator = logged_in(app, "kira@example.org", Role.COORDINATOR)
    index = coordinator.get("/coordinate/", headers=EN).text
    assert "A letter came back from the post: check the address." in index
    returns = index[index.index('id="facility-returns"') :]
    assert "ФКУ СИЗО-2 УФСИН России по Волгоградской области</a></td><td>1</td>" in returns


def test_many_at_once_from_a_file_all_or_nothing(app, directory, runner, tmp_path):
    letters = posted_letters(app, 3)
    codes = tmp_path / "returned.txt"
    bad = [f"{letters[0][1]}", "ZZZZ-ZZZZ", f"{letters[1][1]},other"]
    codes.write_text("\n".join(bad) + "\n", encoding="utf-8")
    result = runner.invoke(args=["batch", "returned", str(codes), "--reason", "expired"])
    assert result.exit_code == 1
    assert "entry 2: no letter with the code ZZZZ-ZZZZ" in result.output
    assert "entry 3: reason “other” needs a note" in result.output
    with app.app_context():
        assert db.session.query(QueuedLetter).filter_by(status=LetterStatus.RETURNED).count() == 0

    good = [
        "# returned on Monday",
        letters[0][1].lower().replace("-", ""),  # typed by hand
        f"{letters[1][1]},unknown",
        f"{letters[2][1]},other,нет такого учреждения",
    ]
    codes.write_text("\n".join(good) + "\n", encoding="utf-8")
    result = runner.invoke(args=["batch", "returned", str(codes), "--reason", "expired"])
    assert result.exit_code == 0, result.output
    assert "3 letters recorded as returned" in result.output
    with app.app_context():
        reasons = [db.session.get(QueuedLetter, i).returned_reason for i, _ in letters]
        assert reasons == ["expired", "unknown", "other"]
        assert (
            "нет такого учреждения" in db.session.get(QueuedLetter, letters[2][0]).events[-1].note
        )
        mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        assert mironov.needs_review.split().count("returned_mail") == 1
    again = runner.invoke(args=["batch", "returned", str(codes), "--reason", "expired"])
    assert again.exit_code == 1 and "is returned, not posted" in again.output


def test_a_return_sent_twice_is_recorded_once_and_lands_on_the_batch(app, directory):
    from letters.once import new_token

    ((letter_id, _),) = posted_letters(app, 1)
    volunteer = logged_in(app, "vera@example.org", Role.VOLUNTEER)
    form = {"reason": "moved", "once": new_token()}
    first, second = (
        volunteer.post(f"/volunteer/letters/{letter_id}/returned", data=form) for _ in range(2)
    )
    assert first.status_code == second.status_code == 302  # not a 409 for the double click
    assert second.headers["Location"] == first.headers["Location"]
    with app.app_context():
        letter = db.session.get(QueuedLetter, letter_id)
        assert first.headers["Location"] == f"/volunteer/batches/{letter.batch_id}"
        assert [e.status for e in letter.events].count(LetterStatus.RETURNED) == 1
