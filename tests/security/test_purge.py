"""After ``letters purge`` nothing of a purged letter is left: files, database, database pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from letters.batches import lifecycle
from letters.batches.claims import Selection, create_batch
from letters.batches.generation import generate_files
from letters.batches.models import Batch, BatchStatus, LetterStatus, QueuedLetter
from letters.batches.queue import enqueue
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner
from letters.draft import Draft
from letters.extensions import db
from tests.security.leftovers import found_in, in_database_files, in_files, in_tables

# Words that appear nowhere else: one in the letter, one in the writer's name and address.
LETTER_MARKER = "Зябликово"
WRITER_MARKER = "Ксенофонтова"
MARKERS = [LETTER_MARKER, WRITER_MARKER]
LETTER = f"Здравствуйте! Пишу Вам из Казани, а родилась я в {LETTER_MARKER}. У нас выпал снег."
# Longer than an SQLite page: stored in overflow pages, which a purge frees (and must zero).
LONG_LETTER = LETTER + " Вчера мы гуляли в парке и долго говорили о книгах." * 120


def _generate_files_as_the_app_does(client, batch_id: int) -> None:
    """Open the batch page, which asks for the files (tests run jobs where they are sent)."""
    assert client.get(f"/volunteer/batches/{batch_id}").status_code == 200


@pytest.fixture
def purged_batch(app, client, auth, volunteer, runner):
    """A batch of two letters, generated, downloaded, printed, posted 31 days ago; and purged.

    Returns what was found before the purge and the batch id, for the test to compare.
    """
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
        prisoner = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        for letter in (LETTER, LONG_LETTER):
            draft = Draft.from_typed(
                text=letter, sender_name=f"Анна {WRITER_MARKER}",
                sender_address=f"ул. {WRITER_MARKER}а, 1\n420111 Казань", signature="Анна",
            )  # fmt: skip
            enqueue(db.session, prisoner, draft)
        batch_id = create_batch(db.session, None, Selection()).id
    auth.login(volunteer.email)
    _generate_files_as_the_app_does(client, batch_id)
    with client.post(f"/volunteer/batches/{batch_id}/download") as download:
        assert download.status_code == 200 and download.mimetype == "application/zip"
        downloaded = download.get_data()
    with app.app_context():
        batch = db.session.get(Batch, batch_id)
        lifecycle.mark_printed(db.session, batch, None)
        lifecycle.mark_posted(db.session, batch, None, on=date.today() - timedelta(days=31))
        db.session.commit()
        before = {
            "files": in_files(Path(app.instance_path), MARKERS),
            "tables": in_tables(db.engine, MARKERS),
            "database files": in_database_files(db.engine, MARKERS),
            "download": downloaded,
        }
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and result.output.strip() == "Purged 2 letters.", result.output
    return batch_id, before


def test_no_byte_of_a_purged_letter_is_left(app, purged_batch):
    _, before = purged_batch
    # The scan sees the markers where they were (else it proves nothing below) …
    assert found_in(before["download"], MARKERS) == sorted(MARKERS)
    # The generated files held the letters, wherever they are kept (instance folder or tables).
    generated = {**before["files"], **before["tables"]}
    generated.pop("queued_letters")
    assert generated and set().union(*generated.values()) == set(MARKERS), before
    assert before["tables"]["queued_letters"] == MARKERS
    if before["database files"] is not None:
        assert set().union(*before["database files"].values()) == set(MARKERS)
    # … and after the purge they are nowhere: instance folder, rows, database pages.
    with app.app_context():
        assert in_files(Path(app.instance_path), MARKERS) == {}
        assert in_tables(db.engine, MARKERS) == {}
        leftovers = in_database_files(db.engine, MARKERS)
        assert leftovers in ({}, None), leftovers
        if db.engine.dialect.name == "postgresql" and leftovers is None:
            dead = db.session.execute(
                db.text(
                    "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'queued_letters'"
                )
            ).scalar()
            assert dead == 0


def test_a_purged_batch_cannot_be_printed_again(app, client, runner, purged_batch, tmp_path):
    batch_id, _ = purged_batch
    page = client.post(
        f"/volunteer/batches/{batch_id}/download", data={"reprint": "yes"},
        headers={"Accept-Language": "en"}, follow_redirects=True,
    )  # fmt: skip
    assert page.mimetype == "text/html"
    assert "deleted after posting: it cannot be printed again" in page.text
    # Opening the page must not make the files again either.
    _generate_files_as_the_app_does(client, batch_id)
    assert in_files(Path(app.instance_path), MARKERS) == {}
    assert not list(Path(app.instance_path).rglob("*.zip"))
    result = runner.invoke(args=["batch", "pdf", str(batch_id), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert re.fullmatch(
        r"Error: the letters of batch \d+ were purged after posting\n", result.output
    )


def test_a_batch_is_marked_printed_only_once_its_files_are_ready(app, client, auth, volunteer):
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
        prisoner = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        enqueue(db.session, prisoner, Draft(text=LETTER))
        batch = create_batch(db.session, None, Selection())
        with pytest.raises(lifecycle.InvalidTransition, match="files are not ready"):
            lifecycle.mark_printed(db.session, batch, None)
        batch_id = batch.id
    auth.login(volunteer.email)
    client.post(f"/volunteer/batches/{batch_id}/printed")
    with app.app_context():
        assert db.session.get(Batch, batch_id).status is BatchStatus.CLAIMED
        assert {letter.status for letter in db.session.get(Batch, batch_id).letters} == {
            LetterStatus.IN_BATCH
        }


def test_no_byte_of_a_cancelled_letter_is_left(app, client, auth, volunteer):
    """A held letter a volunteer cancels is forgotten at once: rows and database pages."""
    starred = f"ул. {WRITER_MARKER}а ★, 1\n420111 Казань"  # a star the font cannot draw: held
    with app.app_context():
        letter = QueuedLetter(address_text=starred, text=LONG_LETTER, sender_name="Анна")
        db.session.add(letter)
        db.session.commit()
        generate_files(app, create_batch(db.session, None, Selection()))
        letter_id = letter.id
        assert in_tables(db.engine, MARKERS) == {"queued_letters": MARKERS}
    auth.login(volunteer.email)
    response = client.post(f"/volunteer/letters/{letter_id}/held", data={"action": "cancel"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(QueuedLetter, letter_id).status is LetterStatus.CANCELLED
        assert in_tables(db.engine, MARKERS) == {}
        leftovers = in_database_files(db.engine, MARKERS)
        assert leftovers in ({}, None), leftovers
