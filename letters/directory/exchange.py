"""Directory files in and out: CSV, JSON and published prisoner pages.

Every row is validated before anything is written: by default one bad row stops the whole import
(nothing written), or with ``skip_bad`` the good rows go in and the bad ones are reported.
The rows are then written in short transactions (``ROWS_PER_TRANSACTION``), so that a large
import never holds SQLite's write lock for long while writers queue letters; importing is
idempotent, so an import stopped half-way is finished by running it again.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters import spreadsheets
from letters.directory.models import Prisoner
from letters.directory.records import FLAT_FIELDS, PrisonerRecord, RecordError
from letters.directory.store import Outcome, prisoner_to_record, upsert_prisoner

FORMATS = ("csv", "json", "page")
ROWS_PER_TRANSACTION = 100


@dataclass
class RowProblem:
    """A row that could not be imported: where it is and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did."""

    outcomes: Counter = field(default_factory=Counter)
    problems: list[RowProblem] = field(default_factory=list)
    written: bool = False

    def summary(self) -> str:
        """One line for the terminal."""
        counts = ", ".join(f"{self.outcomes[o]} {o.value}" for o in Outcome if self.outcomes[o])
        bad = f"{len(self.problems)} bad row(s)" if self.problems else "no bad rows"
        state = "written" if self.written else "nothing written"
        return f"{counts or 'no records'}; {bad}; {state}"


def detect_format(path: Path) -> str:
    """csv, json (a JSON array or JSON Lines) or page (a published prisoner page, plain text)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".json", ".jsonl", ".ndjson"):
        return "json"
    return "page"


Row = tuple[int, PrisonerRecord | str]  # a record, or the reason the row is bad


def read_records(path: Path, fmt: str | None = None, today: date | None = None) -> Iterator[Row]:
    """Yield (line number, record or reason) for each row of the file, bad rows included.

    A published page carries no date: importing it is taken as verifying it ``today``.
    """
    fmt = fmt or detect_format(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        yield 0, f"cannot read the file: {error}"
        return
    if fmt == "csv":
        yield from _csv_records(text)
    elif fmt == "json":
        yield from _json_records(text)
    else:
        yield from _page_records(text, today or date.today())


def _record(row: object) -> PrisonerRecord | str:
    if not isinstance(row, dict):
        return "not a JSON object"
    try:
        return PrisonerRecord.from_flat(row)
    except RecordError as error:
        return str(error)


def _csv_records(text: str) -> Iterator[Row]:
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        if None in row:
            yield reader.line_num, "more values than columns"
        else:
            # Cells the export protected from spreadsheets get back their exact value.
            yield reader.line_num, _record({k: spreadsheets.restore(v) for k, v in row.items()})


def _json_records(text: str) -> Iterator[Row]:
    if text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as error:
            yield error.lineno, f"not valid JSON: {error.msg}"
            return
        for number, row in enumerate(rows, start=1):
            yield number, _record(row)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, f"not valid JSON: {error.msg}"
            continue
        yield number, _record(row)


def _page_records(text: str, verified_on: date) -> Iterator[Row]:
    from letters.directory.page_records import record_from_page
    from letters.directory.published_page import PublishedPageError, parse_published_page

    try:
        page = parse_published_page(text)
        yield 1, record_from_page(page, verified_on=verified_on).validate()
    except (PublishedPageError, RecordError) as error:
        yield 1, str(error)


def collect(
    paths: Iterable[Path], fmt: str | None = None, today: date | None = None
) -> tuple[list, list[RowProblem]]:
    """Read every file; return the good (source, line, record) rows and the problems."""
    good: list[tuple[str, int, PrisonerRecord]] = []
    problems: list[RowProblem] = []
    for path in paths:
        for line, result in read_records(path, fmt, today):
            if isinstance(result, str):
                problems.append(RowProblem(str(path), line, result))
            else:
                good.append((str(path), line, result))
    return good, problems


def import_files(
    session: Session,
    paths: Iterable[Path],
    *,
    skip_bad: bool = False,
    fmt: str | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import files into the directory; see the module docstring for bad rows and transactions."""
    good, problems = collect(paths, fmt, today)
    report = ImportReport(problems=problems)
    if problems and not skip_bad:
        return report
    seen: dict[str, tuple[str, int]] = {}
    for number, (source, line, record) in enumerate(good, start=1):
        prisoner, outcome = upsert_prisoner(session, record, today=today)
        if prisoner.identity_key in seen and outcome is not Outcome.UNCHANGED:
            first = seen[prisoner.identity_key]
            report.problems.append(
                RowProblem(source, line, f"same person as {first[0]}:{first[1]}; later row wins")
            )
        seen.setdefault(prisoner.identity_key, (source, line))
        report.outcomes[outcome] += 1
        if number % ROWS_PER_TRANSACTION == 0:
            session.commit()
    session.commit()
    report.written = True
    return report


def export_records(session: Session) -> list[PrisonerRecord]:
    """Every prisoner, in a stable order."""
    prisoners = session.scalars(select(Prisoner).order_by(Prisoner.identity_key)).all()
    return [prisoner_to_record(p) for p in prisoners]


def write_csv(records: Iterable[PrisonerRecord], out: io.TextIOBase) -> None:
    """CSV with a header row; list fields are space-separated service ids."""
    writer = spreadsheets.dict_writer(out, FLAT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = record.to_flat()
        for key in ("services", "facility_services"):
            row[key] = " ".join(row[key] or [])
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


def write_json(records: Iterable[PrisonerRecord], out: io.TextIOBase) -> None:
    """A JSON array of flat records."""
    json.dump([r.to_flat() for r in records], out, ensure_ascii=False, indent=2)
    out.write("\n")
