"""``letters replies import FILE|DIR…``: each file one reply, matched by its QR code, and one
line for each: matched, unmatched (kept) or refused (why); exit 1 unless all were matched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from letters.batches.models import QueuedLetter
from letters.extensions import db
from letters.replies.intake import ReadScan
from letters.replies.models import Reply, ReplyPage, ReplyState
from tests.batches.conftest import queue_letters
from tests.replies.scans import javascript, jpeg, paper, pdf_of, pdf_with, png
from tests.replies.test_hostile_uploads import HOSTILE_SETTINGS, hostile_uploads, outcome

UNKNOWN_CODE = "ZZZZ-ZZZZ-ZZZZ"


@pytest.fixture
def letters(app, sample_directory, reply_address):
    """Two queued letters with replies through the organisation: (reference, code, prisoner)."""
    with app.app_context():
        ids = queue_letters(2, replies="organisation", sender_name="Анна")
        found = [db.session.get(QueuedLetter, letter_id) for letter_id in ids]
        return [
            (letter.reference, letter.reply_code, letter.prisoner.full_name) for letter in found
        ]


def photo(code: str | None) -> bytes:
    return jpeg(paper((900, 1200), code, qr_scale=5))


def replies(app) -> list[tuple[ReplyState, str | None, int]]:
    with app.app_context():
        rows = db.session.scalars(select(Reply).order_by(Reply.id))
        return [
            (reply.state, reply.letter.reference if reply.letter else None, reply.page_count)
            for reply in rows
        ]


def test_a_folder_is_imported_file_by_file_in_name_order(app, runner, letters, tmp_path):
    (reference, code, prisoner), _second = letters
    folder = tmp_path / "scanner"
    folder.mkdir()
    (folder / "1-reply.jpg").write_bytes(photo(code))
    (folder / "2-no-code.jpg").write_bytes(photo(None))
    (folder / "3-scripted.pdf").write_bytes(pdf_with(pdf_of(paper((300, 400))), javascript))
    (folder / "4-unknown.png").write_bytes(png(paper((900, 1200), UNKNOWN_CODE, qr_scale=5)))
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "older").mkdir()
    (folder / "older" / "reply.jpg").write_bytes(photo(code))

    result = runner.invoke(args=["replies", "import", str(folder), "--lang", "en"])

    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith(f"{folder / '1-reply.jpg'}: matched to the letter {reference} ")
    assert prisoner in lines[0] and "awaiting confirmation on the Replies page" in lines[0]
    assert lines[1] == (
        f"{folder / '2-no-code.jpg'}: unmatched, no reply code was read in it; "
        "kept on the Replies page's list to resolve."
    )
    assert lines[2].startswith(f"{folder / '3-scripted.pdf'}: refused: 3-scripted.pdf contains ")
    assert "JavaScript" in lines[2]
    assert f"no letter has the reply code {UNKNOWN_CODE}" in lines[3]
    assert lines[4] == "Matched: 1; unmatched: 2; refused: 1."
    assert replies(app) == [
        (ReplyState.TO_CONFIRM, reference, 1),
        (ReplyState.UNMATCHED, None, 1),
        (ReplyState.UNMATCHED, None, 1),
    ]


def test_every_file_matched_exits_0_in_russian_by_default(app, runner, letters, tmp_path):
    (first_reference, first_code, _), (second_reference, second_code, _) = letters
    first, second = tmp_path / "a.jpg", tmp_path / "b.pdf"
    first.write_bytes(photo(first_code))
    second.write_bytes(pdf_of(paper((900, 1200), second_code, qr_scale=5), paper((900, 1200))))

    result = runner.invoke(args=["replies", "import", str(first), str(second)])

    assert result.exit_code == 0, result.output
    assert f"сопоставлен с письмом {first_reference}" in result.output
    assert "ожидает подтверждения на странице «Ответы»" in result.output
    assert "Сопоставлено: 2; не сопоставлено: 0; отклонено: 0." in result.output
    assert sorted(replies(app)) == sorted(
        [(ReplyState.TO_CONFIRM, first_reference, 1), (ReplyState.TO_CONFIRM, second_reference, 2)]
    )


def test_the_same_file_again_or_more_pages_while_one_waits_are_refused(
    app, runner, letters, tmp_path
):
    (reference, code, _), _second = letters
    path = tmp_path / "reply.jpg"
    path.write_bytes(photo(code))
    assert runner.invoke(args=["replies", "import", str(path)]).exit_code == 0

    again = runner.invoke(args=["replies", "import", str(path), "--lang", "en"])
    assert again.exit_code == 1
    assert "refused: These pages were already received on" in again.output

    other = tmp_path / "page-2.jpg"  # another sheet with the code, while the first waits
    other.write_bytes(jpeg(paper((1000, 1300), code, qr_scale=5)))
    waiting = runner.invoke(args=["replies", "import", str(other), "--lang", "en"])
    assert waiting.exit_code == 1
    assert f"refused: A reply to the letter with the reply code {code}" in waiting.output
    assert "is waiting to be confirmed" in waiting.output
    assert replies(app) == [(ReplyState.TO_CONFIRM, reference, 1)]


def test_what_cannot_be_read_is_refused_in_one_line(app, runner, letters, tmp_path):
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as handle:  # sparse: 50 MB that take no disk and are never read
        handle.truncate(50 * 1024 * 1024)
    missing = tmp_path / "missing.jpg"

    result = runner.invoke(
        args=["replies", "import", str(fifo), str(huge), str(missing), "--lang", "en"]
    )

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.splitlines() == [
        f"{fifo}: refused: it is not a file.",
        f"{huge}: refused: huge.jpg is 50 MB; a file may be at most 20 MB.",
        f"{missing}: refused: it could not be read (No such file or directory).",
        "Matched: 0; unmatched: 0; refused: 3.",
    ]
    assert replies(app) == []


def test_a_folder_or_file_without_permission_is_refused(
    app, runner, letters, tmp_path, monkeypatch
):
    folder, closed_file = tmp_path / "closed", tmp_path / "closed.jpg"
    folder.mkdir(mode=0)
    closed_file.write_bytes(photo(None))
    closed_file.chmod(0)
    # As root (CI), modes refuse nothing: the system's refusal is made the same way here.
    real_iterdir, real_open = Path.iterdir, os.open

    def iterdir(path):
        if path == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_iterdir(path)

    def open_file(path, *args, **kwargs):
        if Path(path) == closed_file:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setattr(os, "open", open_file)
    try:
        result = runner.invoke(
            args=["replies", "import", str(folder), str(closed_file), "--lang", "en"]
        )
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        f"{folder}: refused: it could not be read (Permission denied).",
        f"{closed_file}: refused: it could not be read (Permission denied).",
    ]


@settings(
    HOSTILE_SETTINGS,
    max_examples=40,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(files=hostile_uploads)
def test_hostile_files_give_the_import_the_outcome_the_intake_gives(
    app, runner, letters, tmp_path_factory, files
):
    """One input, one result: each hostile file through ``read_upload`` and through the
    command; the command prints the refusal ``read_upload`` raises, or stores the file."""
    folder: Path = tmp_path_factory.mktemp("hostile")
    paths = []
    for number, (_name, data) in enumerate(files):
        paths.append(folder / f"{number}.bin")
        paths[-1].write_bytes(data)
    expected = [outcome([(path.name, path.read_bytes())]) for path in paths]
    with app.app_context():
        stored_before = db.session.scalar(select(func.count()).select_from(ReplyPage))

    result = runner.invoke(args=["replies", "import", str(folder), "--lang", "en"])

    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    lines = result.output.splitlines()
    assert len(lines) == len(paths) + 1
    for path, line, read in zip(paths, lines, expected, strict=False):
        if isinstance(read, ReadScan):
            assert line.startswith((f"{path}: matched", f"{path}: unmatched")), line
        else:
            assert line == f"{path}: refused: {read.message('en')}"
    pages = sum(len(read.pages) for read in expected if isinstance(read, ReadScan))
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(ReplyPage))
    assert stored - stored_before == pages
