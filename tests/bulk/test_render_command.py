"""``letters render``: letters, envelopes or labels and a manifest from a CSV or JSON Lines file.

Inputs here are small (one part), so the part is printed in-process: no worker is forked. The
test of several parts passes ``--processes 1`` for the same reason.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import pty
import select
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from letters.addressing import return_address, sender_address
from letters.bulk.records import (
    InputFileError,
    InputRecord,
    RecordError,
    find_prisoner,
    parse_records,
    resolve_record,
    split_prisoner_reference,
)
from letters.directory.address import parse_sender_block
from letters.directory.models import Prisoner
from letters.directory.store import prisoner_to_record, upsert_prisoner
from letters.extensions import db
from letters.pdf import Address, Letter, render_letters_pdf
from letters.pdf.layout import LABEL_SHEETS
from letters.pdf.letter import render_letters_pdf_counting
from tests.conftest import load_sample_directory
from tests.pdf.conftest import MM, long_text, page_text, plumber, reader

TODAY = date(2026, 11, 21)

TO_PETROV = (
    "Петрову Ивану Сергеевичу, 1990 г. р., ФКУ ИК-2 ГУФСИН России по Свердловской области, "
    "ул. Краснодарская, д. 1, г. Екатеринбург, Свердловская область, 620000"
)
MIRONOV = "Миронов Сергей Геннадьевич, 1981"
TEXT_1 = "Здравствуйте! Меня зовут Анна, я живу в Екатеринбурге и работаю в библиотеке."
TEXT_2 = "Здравствуйте! Пишу вам второе письмо. Как ваше здоровье? У нас уже выпал снег."
UKRAINIAN = "Привіт! Як справи? Я живу у Києві і дуже хочу тобі написати цього листа."
ENGLISH = "Hello, how are you? I hope you are doing well and staying strong."
SENDER = "Анна Иванова\nул. Ленина, д. 5, кв. 12\nг. Екатеринбург\n620014"


@pytest.fixture
def directory(app):
    """The sample directory, imported as of TODAY (the date the letters are written)."""
    load_sample_directory(app, TODAY)
    return app


@pytest.fixture
def work(tmp_path) -> Path:
    """A directory of its own (the app's instance directory is in ``tmp_path``)."""
    path = tmp_path / "work"
    path.mkdir()
    return path


def write_csv(path: Path, rows: list[dict], columns=("text", "to", "prisoner", "from", "date")):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def manifest(out: Path) -> list[dict]:
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def pages(pdf: Path) -> int:
    return len(reader(pdf.read_bytes()).pages)


def texts(pdf: Path) -> list[str]:
    data = pdf.read_bytes()
    return [page_text(data, i) for i in range(pages(pdf))]


def render(runner, *args):
    return runner.invoke(args=["render", *map(str, args)])


def test_csv_with_an_address_and_a_prisoner(directory, runner, work):
    source = write_csv(
        work / "letters.csv",
        [
            {"text": long_text(10), "to": TO_PETROV, "from": SENDER, "date": "2026-11-20"},
            {"text": TEXT_2, "prisoner": MIRONOV, "from": SENDER},
        ],
    )
    out = work / "out"
    result = render(runner, source, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["envelopes.pdf", "letters.pdf", "manifest.csv"]

    envelopes = texts(out / "envelopes.pdf")
    assert len(envelopes) == 2
    assert "Петрову Ивану Сергеевичу" in envelopes[0]
    assert "Миронову Сергею Геннадьевичу" in envelopes[1]
    assert "ФКУ СИЗО-2 УФСИН России по Волгоградской области" in " ".join(envelopes[1].split())
    assert "Анна Иванова" in envelopes[0] and "620014" in envelopes[0]

    letters = texts(out / "letters.pdf")
    assert len(letters) == 3  # the long letter has two pages
    assert "20 ноября 2026 г." in letters[0] and "стр. 1 из 2" in letters[0]
    assert "стр. 2 из 2" in letters[1] and "Анна Иванова" in letters[1]
    assert "второе письмо" in letters[2] and "Адрес для ответа" in letters[2]

    rows = manifest(out)
    assert list(rows[0]) == ["record", "recipient", "facility", "pages", "status", "reason", "file"]
    assert [(r["record"], r["pages"], r["status"], r["file"]) for r in rows] == [
        ("1", "2", "ok", "letters.pdf"),
        ("2", "1", "warn", "letters.pdf"),
    ]
    assert rows[0]["recipient"] == "Петрову Ивану Сергеевичу, 1990 г. р."
    assert rows[0]["facility"] == "ФКУ ИК-2 ГУФСИН России по Свердловской области"
    assert rows[1]["recipient"] == "Миронову Сергею Геннадьевичу, 1981 г. р."
    assert rows[1]["facility"] == "ФКУ СИЗО-2 УФСИН России по Волгоградской области"
    assert "presumed" in rows[1]["reason"]
    assert "2 of 2 letters printed" in result.stdout


def test_json_lines_input(directory, runner, work):
    source = write_jsonl(
        work / "letters.jsonl",
        [
            # No year: the one Mironov in the directory.
            {"text": TEXT_1, "prisoner": "Миронов Сергей Геннадьевич", "date": "2026-01-15"},
            {"text": TEXT_2, "to": TO_PETROV, "from": SENDER},
        ],
    )
    out = work / "out"
    result = render(runner, source, "--out", out, "--envelope", "DL")
    assert result.exit_code == 0, result.output
    envelopes = texts(out / "envelopes.pdf")
    assert "Миронову Сергею Геннадьевичу" in envelopes[0]
    assert "Петрову Ивану Сергеевичу" in envelopes[1]
    page = reader((out / "envelopes.pdf").read_bytes()).pages[0]
    assert round(float(page.mediabox.width) / MM) == 220  # DL
    letters = texts(out / "letters.pdf")
    assert "15 января 2026 г." in letters[0]
    assert "второе письмо" in letters[1]
    assert [r["status"] for r in manifest(out)] == ["warn", "ok"]


def test_failed_records_are_reported_and_the_others_printed(directory, runner, work):
    source = write_csv(
        work / "letters.csv",
        [
            {"text": UKRAINIAN, "to": TO_PETROV},
            {"text": TEXT_1, "prisoner": MIRONOV, "from": SENDER},
            {"text": ENGLISH, "prisoner": MIRONOV},
            {"text": TEXT_2, "prisoner": "Сидоров Пётр Петрович, 1975"},
            {"text": TEXT_2, "prisoner": "Перов Валерий"},
            # In the letter an emoji goes by the rule; an address never loses one: held.
            {"text": TEXT_2, "to": TO_PETROV, "from": "Анна 😀\nг. Екатеринбург\n620014"},
            {"text": TEXT_2, "to": "Здравствуйте, дорогой друг"},
            {"text": TEXT_1, "to": TO_PETROV, "from": SENDER},
        ],
    )
    out = work / "out"
    result = render(runner, source, "--out", out)
    assert result.exit_code == 1, result.output
    rows = manifest(out)
    assert [r["status"] for r in rows] == [
        "failed", "warn", "failed", "failed", "failed", "held", "failed", "ok"
    ]  # fmt: skip
    reasons = [r["reason"] for r in rows]
    assert "language check (Ukrainian)" in reasons[0] and "Ukrainian" in reasons[0]
    assert "language check (English)" in reasons[2]
    assert "“Сидоров Пётр Петрович, 1975” is in the directory" in reasons[3]
    assert "No postal address is known" in reasons[4]
    assert reasons[5] == (
        "The sender's address cannot be printed as it is: its name has 😀 (U+1F600), which the "
        "envelope's font cannot draw. Correct that part of the address."
    )
    assert "No address could be read" in reasons[6]
    assert rows[0]["pages"] == rows[0]["file"] == ""
    assert rows[3]["recipient"] == "Сидоров Пётр Петрович, 1975"

    # Only the two good letters, in order, with their envelopes.
    envelopes = texts(out / "envelopes.pdf")
    assert len(envelopes) == pages(out / "letters.pdf") == 2
    assert "Миронову" in envelopes[0] and "Петрову" in envelopes[1]
    assert "Меня зовут Анна" in texts(out / "letters.pdf")[1]

    stderr = result.stderr
    assert "record 1 (line 2, Петрову Ивану Сергеевичу, 1990 г. р.): failed: Rejected" in stderr
    assert "record 3 (line 7, Миронову" in stderr  # record 2's sender takes four lines
    assert "record 4 (line 8, Сидоров Пётр Петрович, 1975): failed: No one called" in stderr
    assert stderr.count("failed:") == 5
    assert "record 6 (line " in stderr and "held: The sender's address cannot be printed" in stderr
    assert "record 2 (line 3, Миронову Сергею Геннадьевичу, 1981 г. р.): warning:" in stderr
    assert "Traceback" not in result.output
    assert "2 of 8 letters printed" in result.stdout and "5 failed; 1 held" in result.stdout


def test_ambiguous_prisoner_fails(directory, runner, work):
    with directory.app_context():
        mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        record = dataclasses.replace(prisoner_to_record(mironov), birth_year=1990)
        upsert_prisoner(db.session, record)
        db.session.commit()
    source = write_csv(
        work / "in.csv",
        [
            {"text": TEXT_1, "prisoner": "Миронов Сергей Геннадьевич"},
            {"text": TEXT_1, "prisoner": "МИРОНОВ сергей геннадьевич, 1990 г. р."},
        ],
    )
    result = render(runner, source, "--out", work / "out")
    assert result.exit_code == 1
    rows = manifest(work / "out")
    assert rows[0]["status"] == "failed"
    assert "2 people called “Миронов Сергей Геннадьевич”" in rows[0]["reason"]
    assert rows[1]["status"] == "warn"
    assert rows[1]["recipient"] == "Миронову Сергею Геннадьевичу, 1990 г. р."


def test_labels_from_the_fifth_label(directory, runner, work):
    source = write_csv(
        work / "in.csv",
        [{"text": TEXT_1, "prisoner": MIRONOV}, {"text": TEXT_2, "to": TO_PETROV}],
    )
    out = work / "out"
    result = render(runner, source, "--out", out, "--envelope", "labels-2x7", "--start-label", 5)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["labels.pdf", "letters.pdf", "manifest.csv"]
    sheet = LABEL_SHEETS["L7163"]
    assert (sheet.columns, sheet.rows, sheet.label_width, sheet.label_height) == (2, 7, 99.1, 38.1)
    with plumber((out / "labels.pdf").read_bytes()) as doc:
        assert len(doc.pages) == 1
        words = doc.pages[0].extract_words()
        height = float(doc.pages[0].height)
    for name, position in (("Миронову", 4), ("Петрову", 5)):  # labels 5 and 6, 0-based 4 and 5
        word = next(w for w in words if w["text"] == name)
        box = sheet.label_box(position)
        x, top = word["x0"] / MM, (height - word["top"]) / MM
        assert box.x < x < box.right and box.y < top <= box.top, (name, x, top, box)


def test_start_label_is_checked(directory, runner, work):
    source = write_csv(work / "in.csv", [{"text": TEXT_1, "prisoner": MIRONOV}])
    result = render(
        runner, source, "--out", work / "a", "--envelope", "labels-3x7", "--start-label", 22
    )
    assert result.exit_code == 2 and "between 1 and 21" in result.stderr
    result = render(runner, source, "--out", work / "b", "--start-label", 2)
    assert result.exit_code == 2 and "only to --envelope labels" in result.stderr
    assert not (work / "a").exists() and not (work / "b").exists()


def test_from_abroad_adds_russia(directory, runner, work):
    sender = "Anna Ivanova\nMusterstraße 12\n10115 Berlin\nGermany"
    source = write_csv(work / "in.csv", [{"text": TEXT_1, "prisoner": MIRONOV, "from": sender}])
    out = work / "out"
    result = render(runner, source, "--out", out, "--from-abroad")
    assert result.exit_code == 0, result.output
    (envelope,) = texts(out / "envelopes.pdf")
    lines = envelope.splitlines()
    assert "RUSSIA" in lines and "GERMANY" in lines
    assert lines.index("RUSSIA") > lines.index("GERMANY")  # the recipient block is below
    assert "10115 Berlin" in texts(out / "letters.pdf")[0]


def test_without_from_abroad_no_russia(directory, runner, work):
    source = write_csv(work / "in.csv", [{"text": TEXT_1, "prisoner": MIRONOV, "from": SENDER}])
    result = render(runner, source, "--out", work / "out")
    assert result.exit_code == 0
    assert "RUSSIA" not in texts(work / "out" / "envelopes.pdf")[0]


def test_envelope_none_writes_letters_only(directory, runner, work):
    source = write_csv(
        work / "in.csv",
        # No postcode: no envelope could be printed, but none is asked for.
        [{"text": TEXT_1, "to": TO_PETROV.removesuffix(", 620000")}],
    )
    out = work / "out"
    result = render(runner, source, "--out", out, "--envelope", "none")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["letters.pdf", "manifest.csv"]
    assert pages(out / "letters.pdf") == 1
    (row,) = manifest(out)
    assert row["status"] == "warn" and "no postcode" in row["reason"]


def test_no_postcode_fails_with_an_envelope(directory, runner, work):
    source = write_csv(work / "in.csv", [{"text": TEXT_1, "to": TO_PETROV[:-8]}])
    result = render(runner, source, "--out", work / "out")
    assert result.exit_code == 1
    (row,) = manifest(work / "out")
    assert row["status"] == "failed" and "postcode must be exactly six digits" in row["reason"]
    assert sorted(p.name for p in (work / "out").iterdir()) == ["manifest.csv"]


def test_an_address_that_does_not_fit_fails(directory, runner, work):
    long_facility = "ФКУ ИК-2 ГУФСИН России по Свердловской области " * 12
    address = TO_PETROV.replace("ФКУ ИК-2 ГУФСИН России по Свердловской области", long_facility)
    source = write_csv(
        work / "in.csv",
        [{"text": TEXT_1, "to": address}, {"text": TEXT_2, "prisoner": MIRONOV}],
    )
    result = render(runner, source, "--out", work / "out")
    assert result.exit_code == 1
    rows = manifest(work / "out")
    assert rows[0]["status"] == "failed" and "does not fit" in rows[0]["reason"]
    assert rows[1]["status"] == "warn"


def test_several_parts(directory, runner, work):
    source = write_jsonl(
        work / "in.ndjson",
        [
            {"text": TEXT_1, "to": TO_PETROV},
            {"text": TEXT_2, "prisoner": MIRONOV},
            {"text": long_text(10), "to": TO_PETROV},
        ],
    )
    out = work / "out"
    args = ["--chunk-size", 2, "--processes", 1]
    result = render(runner, source, "--out", out, *args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "envelopes-001.pdf", "envelopes-002.pdf", "letters-001.pdf", "letters-002.pdf",
        "manifest.csv",
    ]  # fmt: skip
    assert pages(out / "letters-001.pdf") == pages(out / "envelopes-001.pdf") == 2
    assert pages(out / "letters-002.pdf") == 2 and pages(out / "envelopes-002.pdf") == 1
    assert "Миронову" in texts(out / "envelopes-001.pdf")[1]
    rows = manifest(out)
    assert [(r["file"], r["pages"]) for r in rows] == [
        ("letters-001.pdf", "1"), ("letters-001.pdf", "1"), ("letters-002.pdf", "2")
    ]  # fmt: skip


def test_addresses_print_without_a_database_names_need_one(work):
    """`letters render` starts without the app; only a prisoner's name makes it load one."""
    env = {**os.environ, "LETTERS_INSTANCE_PATH": str(work / "instance"),
           "LETTERS_DATABASE_URL": "nosuchdb://nowhere"}  # fmt: skip

    def letters_render(source: Path, out: Path) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "letters.cli", "render", str(source), "--out", str(out)]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    by_address = write_csv(work / "a.csv", [{"text": TEXT_1, "to": TO_PETROV, "from": SENDER}])
    result = letters_render(by_address, work / "a")
    assert result.returncode == 0, result.stderr
    assert "Петрову Ивану Сергеевичу" in texts(work / "a" / "envelopes.pdf")[0]

    by_name = write_csv(work / "b.csv", [{"text": TEXT_1, "prisoner": MIRONOV}])
    result = letters_render(by_name, work / "b")
    assert result.returncode == 1
    assert result.stderr.startswith("letters: error: LETTERS_DATABASE_URL nosuchdb://nowhere")
    assert "Traceback" not in result.stderr
    assert not (work / "b").exists()


def _read_until(fd: int, text: bytes | None, timeout: float = 60) -> bytes:
    """What the terminal ``fd`` shows until ``text`` appears (``None``: until it closes)."""
    seen = b""
    while text is None or text not in seen:
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"nothing more after {timeout} s: {seen[-200:]!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the other end closed (Linux says EIO)
            chunk = b""
        if not chunk:
            assert text is None, f"closed before {text!r}: {seen[-200:]!r}"
            return seen
        seen += chunk
    return seen


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_stopped_render_leaves_nothing_behind(work, signal_name):
    """Stopped while its workers print (``kill``, or Ctrl-C to the whole process group)."""
    records = [{"text": TEXT_1 + " " + TEXT_2, "to": TO_PETROV, "from": SENDER}] * 3000
    source = write_jsonl(work / "in.jsonl", records)
    out = work / "out"
    command = [sys.executable, "-m", "letters.cli", "render", str(source), "--out", str(out)]
    env = {**os.environ, "LETTERS_INSTANCE_PATH": str(work / "instance")}
    # stderr on a terminal, so the command shows its progress: "Printing letters" says the
    # workers have started, the moment to stop it.
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=follower, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
    )  # fmt: skip
    os.close(follower)
    try:
        _read_until(leader, b"Printing letters")
        assert any(p.name.startswith(".out.render-") for p in work.iterdir())
        sig = getattr(signal, signal_name)
        if sig == signal.SIGTERM:
            process.send_signal(sig)
        else:
            os.killpg(process.pid, sig)
        _read_until(leader, None)  # everything it says until it exits
        process.wait(timeout=60)
    finally:
        os.close(leader)
    assert process.returncode != 0
    assert sorted(p.name for p in work.iterdir()) == ["in.jsonl"]


def test_parts_on_worker_processes_match_one_process(directory, runner, work):
    """Forked workers check and print each part; failures stay with their records.

    The second part holds only letters that fail or are held (English, a sign the font lacks
    in the sender's name), so it
    gives no file and the third part's files are numbered 002.
    """
    long_address = TO_PETROV.replace("ул. Краснодарская", "ул. Краснодарская " * 40)
    records = [
        {"text": TEXT_1, "to": TO_PETROV, "from": SENDER},
        {"text": ENGLISH, "to": TO_PETROV, "from": SENDER},
        {"text": ENGLISH, "prisoner": MIRONOV},
        {"text": TEXT_2, "to": TO_PETROV, "from": "Анна ☃\nг. Екатеринбург\n620014"},
        {"text": long_text(10), "prisoner": MIRONOV, "from": SENDER},
        {"text": TEXT_2, "to": long_address, "from": SENDER},
    ]
    source = write_jsonl(work / "in.jsonl", records)
    outputs = {}
    for processes in (1, 2):
        out = work / f"out-{processes}"
        result = render(runner, source, "--out", out, "--chunk-size", 2, "--processes", processes)
        assert result.exit_code == 1, result.output
        outputs[processes] = out
        assert sorted(p.name for p in out.iterdir()) == [
            "envelopes-001.pdf", "envelopes-002.pdf", "letters-001.pdf", "letters-002.pdf",
            "manifest.csv",
        ]  # fmt: skip
        rows = manifest(out)
        assert [(r["status"], r["pages"], r["file"]) for r in rows] == [
            ("ok", "1", "letters-001.pdf"),
            ("failed", "", ""),
            ("failed", "", ""),
            ("held", "", ""),
            ("warn", "2", "letters-002.pdf"),
            ("failed", "", ""),
        ]
        assert "Rejected by the language check (English)" in rows[1]["reason"]
        assert "U+2603" in rows[3]["reason"]
        assert "does not fit" in rows[5]["reason"]
        assert "Миронову" in texts(out / "envelopes-002.pdf")[0]
        assert "стр. 2 из 2" in texts(out / "letters-002.pdf")[1]
    assert manifest(outputs[1]) == manifest(outputs[2])
    for name in ("letters-001.pdf", "letters-002.pdf", "envelopes-001.pdf", "envelopes-002.pdf"):
        assert texts(outputs[1] / name) == texts(outputs[2] / name)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("in.csv", "text,from\nПривет,Анна\n", "no “to” or “prisoner” column"),
        ("in.csv", "to,prisoner\nx,y\n", "no “text” column"),
        ("in.csv", "", "the CSV file is empty"),
        ("in.csv", 'text,to\n"Привет,x\n', "invalid CSV"),
        ("in.csv", "text,to\na,b,c\n", "line 2: 3 fields but the header has 2 columns"),
        ("in.jsonl", '{"text": "Привет", "to": "x"}\n{"text": \n', "line 2: invalid JSON"),
        ("in.jsonl", '["Привет"]\n', "line 1: expected a JSON object"),
        ("in.jsonl", '{"to": "x"}\n', "no “text”"),
        ("in.jsonl", '{"text": 5, "to": "x"}\n', "“text” must be a string"),
        ("in.jsonl", "\n\n", "no letters in the file"),
        ("in.txt", "text,to\n", "unknown input type “.txt”"),
        ("in.csv", b"text,to\n\xff\xfe,x\n", "line 2: not valid UTF-8"),
    ],
)
def test_unreadable_input(directory, runner, work, name, content, message):
    source = work / name
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    result = render(runner, source, "--out", work / "out")
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in work.iterdir()) == [name]


def test_missing_input_file(directory, runner, work):
    result = render(runner, work / "nope.csv", "--out", work / "out")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_non_empty_out_dir_is_refused(directory, runner, work):
    source = write_csv(work / "in.csv", [{"text": TEXT_1, "prisoner": MIRONOV}])
    out = work / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = render(runner, source, "--out", out)
    assert result.exit_code == 2 and "is not empty" in result.stderr
    result = render(runner, source, "--out", out, "--force")
    assert result.exit_code == 2 and "did not write (notes.txt)" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_force_replaces_an_earlier_output(directory, runner, work):
    out = work / "out"
    first = write_csv(work / "a.csv", [{"text": TEXT_1, "prisoner": MIRONOV}])
    assert render(runner, first, "--out", out).exit_code == 0
    second = write_csv(work / "b.csv", [{"text": TEXT_2, "to": TO_PETROV}])
    assert render(runner, second, "--out", out, "--envelope", "none").exit_code == 2
    result = render(runner, second, "--out", out, "--envelope", "none", "--force")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["letters.pdf", "manifest.csv"]
    assert "второе письмо" in texts(out / "letters.pdf")[0]
    assert sorted(p.name for p in work.iterdir()) == ["a.csv", "b.csv", "out"]


def test_empty_out_dir_is_used(directory, runner, work):
    source = write_csv(work / "in.csv", [{"text": TEXT_1, "prisoner": MIRONOV}])
    (work / "out").mkdir()
    assert render(runner, source, "--out", work / "out").exit_code == 0
    assert (work / "out" / "letters.pdf").exists()


def test_no_temporary_files_are_left(directory, runner, work):
    good = write_csv(work / "good.csv", [{"text": TEXT_1, "prisoner": MIRONOV}])
    bad = write_csv(work / "bad.csv", [{"text": ENGLISH, "prisoner": MIRONOV}])
    assert render(runner, good, "--out", work / "a").exit_code == 0
    assert render(runner, bad, "--out", work / "b").exit_code == 1
    (work / "c.jsonl").write_text("{", encoding="utf-8")
    assert render(runner, work / "c.jsonl", "--out", work / "c").exit_code == 2
    assert sorted(p.name for p in work.iterdir()) == ["a", "b", "bad.csv", "c.jsonl", "good.csv"]
    assert sorted(p.name for p in (work / "b").iterdir()) == ["manifest.csv"]


def test_a_crash_while_rendering_leaves_nothing(directory, runner, work, monkeypatch):
    import letters.bulk.parts

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(letters.bulk.parts, "print_parts", broken)
    source = write_csv(work / "in.csv", [{"text": TEXT_1, "prisoner": MIRONOV}])
    result = render(runner, source, "--out", work / "out")
    assert result.exit_code != 0
    assert sorted(p.name for p in work.iterdir()) == ["in.csv"]


# --- batch_input on its own --------------------------------------------------------------------


def test_csv_with_semicolons_and_a_bom():
    data = "\ufefftext;prisoner;date\n«Привет»;Миронов Сергей;2026-01-02\n\n".encode()
    (record,) = parse_records(data, "csv")
    assert record == InputRecord(
        number=1, line=2, text="«Привет»", prisoner="Миронов Сергей", date="2026-01-02"
    )


def test_multiline_csv_fields_keep_record_lines():
    data = 'text,to\n"Первая строка\nвторая",x\n"Ещё",y\n'
    records = parse_records(data, "csv")
    assert [(r.number, r.line, r.text) for r in records] == [
        (1, 2, "Первая строка\nвторая"), (2, 4, "Ещё")
    ]  # fmt: skip


def test_json_array_is_read():
    records = parse_records('[{"text": "a", "to": "b"}, {"text": "c", "prisoner": "d"}]', "jsonl")
    assert [(r.text, r.to, r.prisoner) for r in records] == [("a", "b", None), ("c", None, "d")]


def test_input_file_error_is_a_value_error():
    with pytest.raises(InputFileError):
        parse_records("text\nx\n", "csv")


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("Миронов Сергей Геннадьевич, 1981", ("Миронов Сергей Геннадьевич", 1981)),
        ("Миронов Сергей Геннадьевич, 1981 г. р.", ("Миронов Сергей Геннадьевич", 1981)),
        ("Миронов Сергей Геннадьевич (1981)", ("Миронов Сергей Геннадьевич", 1981)),
        ("Перов Валерий", ("Перов Валерий", None)),
    ],
)
def test_split_prisoner_reference(reference, expected):
    assert split_prisoner_reference(reference) == expected


def test_find_prisoner(directory):
    with directory.app_context():
        assert find_prisoner(db.session, "миронов сергей геннадьевич, 1981").birth_year == 1981
        # Perov's year is not known: a year given by the writer still finds him.
        assert find_prisoner(db.session, "Перов Валерий, 1970").surname == "Перов"
        with pytest.raises(RecordError, match="No one called"):
            find_prisoner(db.session, "Миронов Сергей Геннадьевич, 1982")


def sender_from_text(text, from_abroad=False):
    sender = parse_sender_block(text, from_abroad=from_abroad)
    return sender_address(sender), return_address(sender)


def test_sender_from_text():
    address, return_lines = sender_from_text(SENDER)
    assert address == Address(
        name_lines=("Анна Иванова",),
        street_line="ул. Ленина, д. 5, кв. 12",
        locality="г. Екатеринбург",
        postcode="620014",
    )
    assert return_lines == "ул. Ленина, д. 5, кв. 12\nг. Екатеринбург\n620014"
    abroad, _ = sender_from_text("Anna, Musterstraße 12, 10115 Berlin, Germany", True)
    assert abroad.country == "GERMANY" and abroad.locality == "Musterstraße 12, 10115 Berlin"
    assert sender_from_text(None) == (Address(name_lines=()), None)


def test_resolve_record_without_a_session():
    record = InputRecord(number=1, line=2, text=TEXT_1, to=TO_PETROV, date="2026-13-01")
    resolved = resolve_record(record, None, today=TODAY)
    assert resolved.item is None and resolved.errors == [
        "The date “2026-13-01” is not a date in the form YYYY-MM-DD."
    ]
    record = dataclasses.replace(record, to=None, prisoner=MIRONOV, date=None)
    assert "no directory" in resolve_record(record, None, today=TODAY).errors[0]
    record = dataclasses.replace(record, prisoner=None, to=TO_PETROV)
    resolved = resolve_record(record, None, today=TODAY)
    assert resolved.ok and resolved.item.letter.date == TODAY
    assert resolved.check["verdict"] == "ok"
    assert any("No sender" in w for w in resolved.warnings)


def test_record_messages_in_russian():
    record = InputRecord(number=1, line=2, text=TEXT_1, to=TO_PETROV, date="2026-13-01")
    resolved = resolve_record(record, None, today=TODAY, locale="ru")
    assert resolved.errors == ["«2026-13-01» — не дата в виде ГГГГ-ММ-ДД."]
    assert any(w.startswith("Нет отправителя") for w in resolved.warnings)
    record = dataclasses.replace(record, to=None, prisoner=MIRONOV, date=None)
    assert "справочник недоступен" in resolve_record(record, None, locale="ru").errors[0]


def test_renderer_reports_each_letters_page_count():
    letters = [
        Letter(text=long_text(n), date=TODAY, sender_name="Анна", reply_sheets=r)
        for n, r in ((1, 0), (10, 0), (1, 1), (30, 0), (2, 0))
    ]
    pdf, counts = render_letters_pdf_counting(letters)
    assert counts == [len(reader(render_letters_pdf([letter])).pages) for letter in letters]
    assert counts[:3] == [1, 2, 2] and counts[3] > 3
    assert sum(counts) == len(reader(pdf).pages)
    # Duplex adds blank backs to the file, not to the letters' own counts.
    duplex_pdf, duplex_counts = render_letters_pdf_counting(letters, duplex=True)
    assert duplex_counts == counts
    assert len(reader(duplex_pdf).pages) == sum(c + c % 2 for c in counts)


def test_a_record_that_breaks_the_batch_is_isolated(directory, runner, work, monkeypatch):
    """Should check_printable miss a problem, the part fails and the culprit is found."""
    import letters.bulk.parts
    from letters.pdf.plans import check_printable

    # The check misses the letter's characters (it still lays the envelope out: the plan).
    missing = lambda item, output, **_: check_printable(item, output, letter=False)  # noqa: E731
    monkeypatch.setattr(letters.bulk.parts, "check_printable", missing)
    # Nor the emoji rule: the emoji reaches the renderer.
    monkeypatch.setattr(
        letters.bulk.parts, "remove_unprintable_from_letter", lambda letter: (letter, [])
    )
    source = write_csv(
        work / "in.csv",
        [
            {"text": TEXT_1, "prisoner": MIRONOV},
            {"text": TEXT_2 + " 😀", "to": TO_PETROV},
            {"text": TEXT_2, "to": TO_PETROV},
        ],
    )
    result = render(runner, source, "--out", work / "out")
    assert result.exit_code == 1
    rows = manifest(work / "out")
    assert [r["status"] for r in rows] == ["warn", "failed", "warn"]
    assert "U+1F600" in rows[1]["reason"]
    assert pages(work / "out" / "letters.pdf") == pages(work / "out" / "envelopes.pdf") == 2


# --- per-letter abroad and held records (issue 11) ---------------------------------------------

SENDER_BERLIN = "Anna Schmidt\nMusterstraße 12\n10115 Berlin\nGermany"
SENDER_ALMATY = "Aigerim\n050000 Almaty / Kazakhstan"
SENDER_TVER = "Анна Иванова\n170000, г. Тверь"


def _mixed(work: Path) -> Path:
    return write_csv(
        work / "in.csv",
        [
            {"text": TEXT_1, "to": TO_PETROV, "from": SENDER},
            {"text": TEXT_2, "to": TO_PETROV, "from": SENDER_BERLIN},
            {"text": TEXT_1, "to": TO_PETROV, "from": SENDER_TVER},
            {"text": TEXT_2, "to": TO_PETROV, "from": SENDER_ALMATY},
            {"text": TEXT_1, "to": TO_PETROV},
        ],
    )


def test_a_mixed_batch_prints_russia_exactly_where_needed(runner, work):
    out = work / "out"
    result = render(runner, _mixed(work), "--out", out)
    assert result.exit_code == 0, result.output
    envelopes = [page.splitlines() for page in texts(out / "envelopes.pdf")]
    assert ["RUSSIA" in lines for lines in envelopes] == [False, True, False, True, False]
    assert "GERMANY" in envelopes[1] and "KAZAKHSTAN" in envelopes[3]
    # «170000, г. Тверь» is an address, not a country; Almaty's six digits are no stencil.
    assert not any(line.isupper() and "ТВЕРЬ" in line for line in envelopes[2])
    with plumber((out / "envelopes.pdf").read_bytes()) as doc:
        almaty_page = doc.pages[3].extract_words()
    assert "050000" in " ".join(w["text"] for w in almaty_page)


def test_labels_in_a_mixed_batch_say_russia_per_letter(runner, work):
    out = work / "out"
    result = render(runner, _mixed(work), "--out", out, "--envelope", "labels-3x7")
    assert result.exit_code == 0, result.output
    sheet = LABEL_SHEETS["L7160"]
    with plumber((out / "labels.pdf").read_bytes()) as doc:
        page = doc.pages[0]
        words = page.extract_words()
    flags = []
    for position in range(5):
        box = sheet.label_box(position)
        inside = [
            w["text"]
            for w in words
            if box.x * MM <= w["x0"] <= box.right * MM
            and box.y * MM <= page.height - w["bottom"] <= box.top * MM
        ]
        flags.append("RUSSIA" in inside)
    assert flags == [False, True, False, True, False]


def test_the_flag_makes_every_letter_go_from_abroad(runner, work):
    out = work / "out"
    assert render(runner, _mixed(work), "--out", out, "--from-abroad").exit_code == 0
    envelopes = [page.splitlines() for page in texts(out / "envelopes.pdf")]
    assert all("RUSSIA" in lines for lines in envelopes)
    assert not any("Г. ТВЕРЬ" in lines for lines in envelopes)


def test_words_not_understood_hold_the_letter_with_the_reason(runner, work):
    held_to = TO_PETROV + ", 12-15 лет"
    facility_with_comma = TO_PETROV.replace(
        "ФКУ ИК-2 ГУФСИН", "ФКУ ИК-2, ГУФСИН"
    )  # kept whole: prints
    source = write_csv(
        work / "in.csv",
        [
            {"text": TEXT_1, "to": held_to, "from": SENDER},
            {"text": TEXT_2, "to": facility_with_comma, "from": SENDER},
        ],
    )
    out = work / "out"
    result = render(runner, source, "--out", out)
    assert result.exit_code == 1
    assert "1 held" in result.output
    assert "held: These words of the address were not understood: «12-15 лет»" in result.stderr
    held, printed = manifest(out)
    assert (held["status"], held["pages"], held["file"]) == ("held", "", "")
    assert "«12-15 лет»" in held["reason"]
    assert printed["status"] == "ok"
    (envelope,) = texts(out / "envelopes.pdf")
    assert "ФКУ ИК-2, ГУФСИН России по Свердловской области" in envelope.replace("\n", " ")
    assert pages(out / "letters.pdf") == 1


def test_labels_remind_to_write_the_postcode_into_the_stencil(directory, runner, work):
    """With labels the manifest lists each postcode to write into the envelope's stencil."""
    source = write_csv(work / "in.csv", [{"text": TEXT_1, "to": TO_PETROV}])
    out = work / "out"
    result = render(runner, source, "--out", out, "--envelope", "labels-3x7")
    assert result.exit_code == 0, result.output
    assert "postcode by hand into the envelope's printed stencil" in result.output
    with (out / "manifest.csv").open(encoding="utf-8-sig") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["postcode_by_hand_in_stencil"] == "620000"


def test_an_address_too_long_for_a_legible_label_is_held(directory, runner, work):
    """Below 8 points the label is refused for that letter, with the reason; the rest print."""
    long_facility = "ФКУ ИК-2 ГУФСИН России по Свердловской области " * 6
    to_long = TO_PETROV.replace("ФКУ ИК-2 ГУФСИН России по Свердловской области", long_facility)
    source = write_csv(
        work / "in.csv", [{"text": TEXT_1, "to": to_long}, {"text": TEXT_2, "to": TO_PETROV}]
    )
    out = work / "out"
    result = render(runner, source, "--out", out, "--envelope", "labels-3x7")
    assert result.exit_code == 1
    with (out / "manifest.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["status"] == "failed"
    assert "8 points at least" in rows[0]["reason"]
    assert rows[1]["status"] != "failed" and rows[1]["file"] == "letters.pdf"
    with plumber((out / "labels.pdf").read_bytes()) as doc:
        assert min(c["size"] for c in doc.pages[0].chars) >= 8


def test_an_emoji_is_removed_by_the_rule_and_the_letter_marked_warn(directory, runner, work):
    """The letter prints without the emoji; the manifest says warn and what was removed."""
    source = write_csv(work / "in.csv", [{"text": TEXT_1 + " Обнимаю 🤗!", "to": TO_PETROV}])
    out = work / "out"
    result = render(runner, source, "--out", out, "--envelope", "none")
    assert result.exit_code == 0, result.output
    with (out / "manifest.csv").open(encoding="utf-8-sig") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["status"] == "warn" and row["file"] == "letters.pdf"
    assert "Removed what the print font cannot draw: 🤗 (U+1F917)." in row["reason"]
    text = page_text((out / "letters.pdf").read_bytes())
    assert "Обнимаю!" in text and "🤗" not in text
