"""``letters render``: print many letters from a CSV or JSON Lines file.

The plain logic (reading records, finding recipients, the language check, printability) is in
:mod:`letters.bulk.records`; this module is the command: options, the progress bar, the
output directory and the manifest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
import shutil
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import ScriptInfo

from letters import spreadsheets
from letters.pdf.layout import DEFAULT_ENVELOPE, ENVELOPES, LABEL_OUTPUTS, LABEL_SHEETS, OUTPUTS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from letters.bulk.records import InputRecord, ResolvedRecord
    from letters.pdf.fit import Fitted

MANIFEST_COLUMNS = ("record", "recipient", "facility", "pages", "status", "reason", "file")
# Sorting machines read the envelope's stencil, not a label (the manifest lists the postcodes).
LABELS_REMINDER = (
    "labels: write each letter's postcode by hand into the envelope's printed stencil "
    "(see manifest.csv)"
)
# What the command writes; ``--force`` replaces a directory holding nothing else.
OUTPUT_NAME = re.compile(r"^(?:(?:letters|envelopes)(?:-\d{3})?\.pdf|labels\.pdf|manifest\.csv)$")

HELP = """Print the letters in INPUT (CSV or JSON Lines) into the directory DIR.

\b
INPUT has one letter a record (a CSV row, or a JSON object a line):
  text      the letter (required)
  to        the address block as published («Миронову Сергею
            Геннадьевичу, 1981 г. р., ФКУ СИЗО-2 …, 403882»), or
  prisoner  «Фамилия Имя Отчество, 1981», looked up in the directory
  from      the writer: name on the first line, address below
            (from abroad: the country on the last line)
  date      YYYY-MM-DD (default: today)

\b
DIR gets letters.pdf, the envelopes in the same order (envelopes.pdf) or
the address labels (labels.pdf), and manifest.csv: one row a record with
its pages, status (ok, warn, held, failed) and the reason. More than 500
letters are split into parts of at most 500: letters-001.pdf with
envelopes-001.pdf, letters-002.pdf with envelopes-002.pdf, and so on
(the manifest's "file" column says where each letter is); labels always
go into one labels.pdf.

\b
Records that cannot be printed (not in Russian, unreadable address,
unknown or ambiguous prisoner, no postal address, characters the font
lacks, an address that does not fit) are listed in the manifest and on
stderr as failed; records whose address has words that were not
understood are held (not printed; the words are in the reason) until
the address is corrected; the others are printed. Each letter goes
from abroad (RUSSIA on its envelope) when its sender's address says so
(a country, a foreign postcode, Latin letters); --from-abroad makes
every letter go from abroad. Exit status: 0 all printed, 1 some
failed or held, 2 the input file cannot be read or DIR cannot be used.

\b
DIR is written completely or not at all: the files are made in a
temporary directory next to it and moved into place at the end (stopped
with Ctrl-C or kill, the command removes it). An existing non-empty DIR
is refused unless --force is given and it holds only an earlier output
of this command."""


@dataclass
class _Row:
    """One manifest row in the making."""

    resolved: ResolvedRecord
    pages: int | None = None
    file: str = ""


class _NoBar:
    def update(self, n: int) -> None:
        pass


@contextlib.contextmanager
def _progress(length: int, label: str) -> Iterator:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if length and sys.stderr.isatty():
        with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
            yield bar
    else:
        yield _NoBar()


@contextlib.contextmanager
def _exit_on_sigterm() -> Iterator[None]:
    """Make ``kill`` (SIGTERM) end the command as Ctrl-C does, through the clean-up code.

    By default SIGTERM ends Python at once, leaving the temporary directory behind.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (and receives signals)
        return

    def stop(signum, _frame):
        sys.exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(message: str, status: int = 2) -> None:
    click.echo(f"letters: {message}", err=True)
    sys.exit(status)


def _check_out_dir(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        _fail(f"{out} exists and is not a directory")
    if not out.exists():
        return
    entries = sorted(p.name for p in out.iterdir())
    if not entries:
        return
    if not force:
        _fail(f"{out} is not empty; choose another --out or use --force to replace it")
    others = [name for name in entries if not OUTPUT_NAME.match(name)]
    if others:
        shown = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
        _fail(f"{out} holds files this command did not write ({shown}); not replacing it")


def _publish(tmp: Path, out: Path) -> None:
    """Move the finished ``tmp`` directory to ``out`` (replacing an earlier output)."""
    if out.exists():
        old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)


def _write_manifest(path: Path, rows: Sequence[_Row], labels: bool = False) -> None:
    from letters.pdf.labels import STENCIL_COLUMN

    # UTF-8 with a BOM, so that spreadsheet programs show the Cyrillic names correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = spreadsheets.writer(handle)
        writer.writerow(MANIFEST_COLUMNS + ((STENCIL_COLUMN,) if labels else ()))
        for row in rows:
            r = row.resolved
            if r.errors:
                status, reason = "failed", " ".join(r.errors)
            elif r.held:
                status, reason = "held", " ".join(r.held + r.warnings)
            elif r.warnings:
                status, reason = "warn", " ".join(r.warnings)
            else:
                status, reason = "ok", ""
            pages = "" if row.pages is None or not r.ok else str(row.pages)
            file = row.file if r.ok else ""
            cells = [r.record.number, r.recipient, r.facility, pages, status, reason, file]
            if labels:
                cells.append(r.item.recipient.postcode if r.ok else "")
            writer.writerow(cells)


# --- the command ------------------------------------------------------------------------------


@click.command("render", help=HELP, short_help="Print letters and envelopes from a CSV or JSONL.")
@click.argument(
    "input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out",
    metavar="DIR",
    required=True,
    type=click.Path(path_type=Path),
    help="Directory to write (must not exist, or be empty).",
)
@click.option(
    "--envelope",
    type=click.Choice(OUTPUTS, case_sensitive=False),
    default=DEFAULT_ENVELOPE,
    show_default=True,
    help="Envelope size, label sheet ("
    + ", ".join(
        f"{output.removeprefix('labels-')}: {sheet}" for output, sheet in LABEL_OUTPUTS.items()
    )
    + ") or none.",
)
@click.option(
    "--start-label",
    type=click.IntRange(min=1),
    help="With labels: the first free label on the first sheet (1 = top left).",
)
@click.option(
    "--from-abroad",
    is_flag=True,
    help="Treat every letter as sent from outside Russia (otherwise decided per letter).",
)
@click.option("--force", is_flag=True, help="Replace an earlier output of this command in DIR.")
@click.option("--chunk-size", type=click.IntRange(1, 500), default=500, hidden=True)
@click.option("--processes", type=click.IntRange(min=1), default=None, hidden=True)
@click.pass_context
def render_command(
    ctx: click.Context,
    input_path: Path,
    out: Path,
    envelope: str,
    start_label: int | None,
    from_abroad: bool,
    force: bool,
    chunk_size: int,
    processes: int | None,
) -> None:
    from letters.bulk.records import InputFileError, read_records

    envelope = next(c for c in OUTPUTS if c.lower() == envelope.lower())
    label_layout = LABEL_OUTPUTS.get(envelope)
    if start_label is not None:
        if label_layout is None:
            _fail(f"--start-label applies only to --envelope {' or '.join(LABEL_OUTPUTS)}")
        per_sheet = LABEL_SHEETS[label_layout].per_sheet
        if start_label > per_sheet:
            _fail(f"--start-label must be between 1 and {per_sheet} for {envelope}")
    out = out.absolute()
    _check_out_dir(out, force)

    try:
        records = read_records(input_path)
    except InputFileError as error:
        _fail(f"{input_path}: {error}")
    if not records:
        _fail(f"{input_path}: no letters in the file")

    with contextlib.ExitStack() as stack:
        session = None
        if any(record.prisoner for record in records):
            # Only names need the directory: addresses alone print without loading the app.
            from letters.extensions import db

            app = ctx.ensure_object(ScriptInfo).load_app()
            stack.enter_context(app.app_context())
            session = db.session
        rows = _resolve(records, session, from_abroad)

    tmp = out.parent / f".{out.name}.render-{secrets.token_hex(4)}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
    except OSError as error:
        _fail(f"cannot write {out}: {error.strerror}", status=1)
    try:
        with _exit_on_sigterm():
            files = _render_into(
                tmp, rows, envelope, label_layout, start_label, chunk_size, processes
            )
            _publish(tmp, out)
    except OSError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        _fail(f"cannot write {out}: {error}", status=1)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

    _report(rows)
    failed = [row.resolved for row in rows if row.resolved.errors]
    held = [row.resolved for row in rows if row.resolved.held and not row.resolved.errors]
    printed = len(rows) - len(failed) - len(held)
    summary = f"{printed} of {len(rows)} letters printed into {out}: {', '.join(files)}"
    if failed:
        summary += f"; {len(failed)} failed"
    if held:
        summary += f"; {len(held)} held"
    click.echo(summary + (" (see manifest.csv)" if failed or held else ""))
    if label_layout and printed:
        click.echo(LABELS_REMINDER)
    if failed or held:
        sys.exit(1)


def _resolve(records: Sequence[InputRecord], session: Session | None, from_abroad: bool):
    """Each record's recipient, sender and date; the language check comes with the printing."""
    from letters.bulk.records import resolve_record

    today = dt.date.today()
    rows = []
    with _progress(len(records), "Reading letters") as bar:
        for record in records:
            resolved = resolve_record(
                record, session, today=today, from_abroad=from_abroad, check_language=False
            )
            rows.append(_Row(resolved))
            bar.update(1)
    return rows


MAX_WARNINGS_SHOWN = 20  # all of them are in the manifest


def _report(rows: Sequence[_Row]) -> None:
    """Every failed record on stderr, and the first warnings."""
    shown = hidden = 0
    for row in rows:
        r = row.resolved
        where = f"record {r.record.number} (line {r.record.line}"
        where += f", {r.recipient})" if r.recipient else ")"
        for message in r.errors:
            click.echo(f"letters: {where}: failed: {message}", err=True)
        for message in [] if r.errors else r.held:
            click.echo(f"letters: {where}: held: {message}", err=True)
        if r.errors or r.held or not r.warnings:
            continue
        if shown < MAX_WARNINGS_SHOWN:
            for message in r.warnings:
                click.echo(f"letters: {where}: warning: {message}", err=True)
            shown += 1
        else:
            hidden += 1
    if hidden:
        click.echo(f"letters: {hidden} more records with warnings: see manifest.csv", err=True)


def _render_into(
    tmp: Path,
    rows: list[_Row],
    envelope: str,
    label_layout: str | None,
    start_label: int | None,
    chunk_size: int,
    processes: int | None,
) -> list[str]:
    """Check and render the resolved rows into ``tmp``; return the names of the files written."""
    from letters.bulk.parts import PartOptions, print_parts
    from letters.pdf.labels import render_planned_labels_pdf

    options = PartOptions(envelope=envelope if envelope in ENVELOPES else None, labels=label_layout)
    todo = [row for row in rows if row.resolved.ok]
    files: list[str] = []
    printed: list[tuple[_Row, Fitted | None]] = []
    parts = done = 0
    with _progress(len(todo), "Printing letters") as bar:
        for part, result in print_parts(
            [row.resolved for row in todo], options, part_size=chunk_size, processes=processes
        ):
            if result.letters_pdf is not None:
                parts += 1
                letters_name = f"letters-{parts:03d}.pdf"
                # Each part goes to disk at once: holding every PDF until the end would make
                # memory grow with the size of the input.
                (tmp / letters_name).write_bytes(result.letters_pdf)
                files.append(letters_name)
                if result.envelopes_pdf is not None:
                    (tmp / f"envelopes-{parts:03d}.pdf").write_bytes(result.envelopes_pdf)
                    files.append(f"envelopes-{parts:03d}.pdf")
            for row, outcome in zip(todo[done : done + len(part)], result.outcomes, strict=True):
                row.resolved.errors += outcome.errors
                row.resolved.warnings += outcome.warnings
                if outcome.pages is not None:
                    row.pages, row.file = outcome.pages, letters_name
                    printed.append((row, outcome.label))
            done += len(part)
            bar.update(len(part))
    if parts == 1:  # a single part keeps the plain names
        for name in list(files):
            plain = name.replace("-001", "")
            (tmp / name).rename(tmp / plain)
            files[files.index(name)] = plain
        for row, _ in printed:
            row.file = "letters.pdf"
    if label_layout and printed:
        # Laid out by the check in the workers: drawn here, on sheets that run across parts.
        labels = render_planned_labels_pdf(
            [label for _, label in printed], label_layout, start_label or 1
        )
        (tmp / "labels.pdf").write_bytes(labels)
        files.append("labels.pdf")
    _write_manifest(tmp / "manifest.csv", rows, labels=bool(label_layout))
    files.append("manifest.csv")
    return files
