"""``letters batch …`` commands, and a generation killed half-way."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

from letters.batches.models import Batch, BatchStatus, LetterStatus, QueuedLetter
from letters.extensions import db
from tests.batches.conftest import queue_letters
from tests.processes import read_until


def test_create_list_pdf_and_mark(app, runner, directory, tmp_path):
    with app.app_context():
        queue_letters(3)
    created = runner.invoke(args=["batch", "create", "--oldest", "2", "--duplex"])
    assert created.output.strip() == "Batch 1: 2 letters."
    assert "claimed" in runner.invoke(args=["batch", "list"]).output
    out = tmp_path / "batch-1"
    result = runner.invoke(args=["batch", "pdf", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "cover.pdf", "envelopes.pdf", "letters.pdf", "manifest.csv"
    ]  # fmt: skip
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left
    assert runner.invoke(args=["batch", "mark", "1", "posted"]).exit_code == 1  # not printed yet
    assert runner.invoke(args=["batch", "mark", "1", "printed"]).exit_code == 0
    assert runner.invoke(args=["batch", "mark", "1", "posted", "--on", "2026-11-20"]).exit_code == 0
    with app.app_context():
        assert db.session.get(Batch, 1).status is BatchStatus.POSTED


def test_cancel_command_and_nothing_to_claim(app, runner, directory):
    assert runner.invoke(args=["batch", "create"]).exit_code == 1
    with app.app_context():
        queue_letters(2)
    created = runner.invoke(args=["batch", "create"]).output  # "Batch N: 2 letters."
    batch_id = re.match(r"Batch (\d+):", created).group(1)
    cancelled = runner.invoke(args=["batch", "cancel", batch_id]).output
    assert f"Batch {batch_id} cancelled; 2 letters back in the queue." in cancelled


def test_killing_the_generator_loses_nothing_and_it_can_resume(app, directory, tmp_path):
    """A crash while rendering: nothing printed, no letter lost, no half-written output."""
    with app.app_context():
        queue_letters(400)
        from letters.batches.claims import Selection, create_batch

        batch_id = create_batch(db.session, None, Selection()).id
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    env = {**os.environ, "LETTERS_DATABASE_URL": url, "LETTERS_INSTANCE_PATH": str(tmp_path / "i"),
           "LETTERS_SECRET_KEY": "test"}  # fmt: skip
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "letters.cli",
        "batch",
        "pdf",
        str(batch_id),
        "--out",
        str(out),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    # Kill it once it says it has rendered the first of four steps.
    said = read_until(process, process.stderr, "Rendered ")
    assert said and said[-1] == "Rendered 100 of 400 letters.\n", "it never reported progress"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL, "the generator finished before it was killed"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")], "staging expected"
    with app.app_context():
        letters = db.session.query(QueuedLetter).all()
        assert len(letters) == 400
        assert {letter.status for letter in letters} == {LetterStatus.IN_BATCH}
        assert {letter.batch_id for letter in letters} == {batch_id}
        assert db.session.get(Batch, batch_id).status is BatchStatus.CLAIMED
        db.session.remove()
    resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "cover.pdf", "envelopes.pdf", "letters.pdf", "manifest.csv"
    ]  # fmt: skip
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_mixed_batch_says_russia_per_letter_and_sets_the_bad_one_aside(
    app, runner, directory, tmp_path
):
    """Envelopes and labels read back: RUSSIA exactly on the letters from abroad; a letter
    that cannot be printed is reported and the others are in the files."""
    from tests.pdf.conftest import plumber

    with app.app_context():
        queue_letters(1, sender_name="Анна", sender_address="ул. Ленина, 5\n170000, г. Тверь")
        queue_letters(
            1, sender_name="Anna", sender_address="Musterstraße 12\n10115 Berlin\nGermany"
        )
        queue_letters(1, sender_name="Aigerim", sender_address="050000 Almaty / Kazakhstan")
        (bad,) = queue_letters(1)
        db.session.get(QueuedLetter, bad).sender_name = "А" * 200
        db.session.commit()
        reference = db.session.get(QueuedLetter, bad).reference
    for fmt, name in (("C6", "envelopes.pdf"), ("labels-2x7", "labels.pdf")):
        created = runner.invoke(args=["batch", "create", "--envelope", fmt]).output
        batch_id = re.match(r"Batch (\d+):", created).group(1)
        out = tmp_path / f"batch-{fmt}"
        result = runner.invoke(args=["batch", "pdf", batch_id, "--out", str(out)])
        assert result.exit_code == 0, result.output
        with plumber((out / name).read_bytes()) as doc:
            texts = [page.extract_text() for page in doc.pages]
        if fmt == "C6":
            assert f"{reference} set aside (held in the queue)" in result.output
            assert "does not fit" in result.output
            assert ["RUSSIA" in text for text in texts] == [False, True, True]
            assert "Г. ТВЕРЬ" not in texts[0]
        else:  # the set-aside letter is held now: this batch has the other three
            assert len(texts) == 1
            assert texts[0].count("RUSSIA") == 2
        runner.invoke(args=["batch", "cancel", batch_id])
