"""Directory files in and out: CSV, JSON and published prisoner pages.

Every row is validated before anything is written: by default one bad row stops the whole import
(nothing written), or with ``skip_bad`` the good rows go in and the bad ones are reported.
The good rows are then written in one transaction, all or nothing (the coordinator's preview
is that same transaction rolled back). While a large import holds SQLite's write lock, a writer
who queues a letter gets a friendly "try again in a moment" (503), never an error page, and
keeps the letter (:mod:`letters.web.errors`).
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
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters import json_input, spreadsheets
from letters.directory.duplicates import likely_duplicates_of
from letters.directory.models import Prisoner, PrisonerStatus
from letters.directory.records import FLAT_FIELDS, LIKELY_DUPLICATE, InvalidRecord, PrisonerRecord
from letters.directory.store import Outcome, find_prisoner, prisoner_to_record, upsert_prisoner
from letters.json_input import SURROGATE_REASON, JsonInputError, has_lone_surrogate
from letters.messages import StoredMessage

_FREE = (PrisonerStatus.RELEASED, PrisonerStatus.DECEASED)

FORMATS = ("csv", "json", "page")


@dataclass
class RowProblem:
    """A row that could not be imported: where it is and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


class Duplicate(NamedTuple):
    """A record a new row is probably the same person as; ``prisoner_id`` is None when that
    record comes from the same import (a preview writes nothing, so it has no page yet)."""

    name: str
    birth_year: int | None
    prisoner_id: int | None


@dataclass
class Change:
    """One good row and what importing it does (or did) to the directory."""

    source: str
    line: int
    name: str
    outcome: Outcome
    note: StoredMessage | None = None  # shown in the reader's language; str() is English
    prisoner_id: int | None = None
    released: bool = False  # the row says the person was released or has died
    # Words of a page's address that could not be placed: letters wait until someone checks.
    unplaced: list[str] = field(default_factory=list)
    # Records that are probably the same person (same surname, first name and year of birth).
    likely_duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """How a preview groups the row: new, transfer, release, correction, unchanged, skipped."""
        if self.outcome is Outcome.CREATED:
            return "new"
        if self.outcome is Outcome.SKIPPED:
            return "skipped"
        if self.released:
            return "release"
        if self.outcome is Outcome.TRANSFERRED:
            return "transfer"
        return "correction" if self.outcome is Outcome.UPDATED else "unchanged"


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    outcomes: Counter = field(default_factory=Counter)
    problems: list[RowProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    written: bool = False

    @property
    def skipped(self) -> list[Change]:
        """Rows left out because they are older than what the directory holds."""
        return [c for c in self.changes if c.outcome is Outcome.SKIPPED]

    @property
    def noted(self) -> list[Change]:
        """Rows with something to say: skipped, or coordinator's edits kept."""
        return [c for c in self.changes if c.note]

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

    A published page carries no date: it is recorded as read ``today``, never as verified.
    """
    fmt = fmt or detect_format(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        yield 0, f"cannot read the file: {error}"
        return
    if "\x00" in text and fmt == "page":
        yield text[: text.index("\x00")].count("\n") + 1, NUL_REASON
        return
    if fmt == "csv":
        yield from _csv_records(text)
    elif fmt == "json":
        yield from _json_records(text)
    else:
        yield from _page_records(text, today or date.today())


NUL_REASON = "contains a NUL character, which cannot be stored: save the file again as plain text"


def _record(row: object) -> PrisonerRecord | str:
    if not isinstance(row, dict):
        return "not a JSON object"
    # PostgreSQL cannot store NUL in text; SQLite could, so refuse it on both alike.
    if any(isinstance(value, str) and "\x00" in value for value in row.values()):
        return NUL_REASON
    if has_lone_surrogate(row):
        return SURROGATE_REASON
    try:
        return PrisonerRecord.from_flat(row)
    except InvalidRecord as error:
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
            rows = json_input.loads(text)
        except JsonInputError as error:
            yield error.line, error.reason
            return
        for number, row in enumerate(rows, start=1):
            yield number, _record(row)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json_input.loads(line)
        except JsonInputError as error:
            yield number, error.reason
            continue
        yield number, _record(row)


def _page_records(text: str, read_on: date) -> Iterator[Row]:
    from letters.directory.page_records import record_from_page
    from letters.directory.published_page import PublishedPageError, parse_published_page

    try:
        page = parse_published_page(text)
        yield 1, record_from_page(page, read_on=read_on).validate()
    except (PublishedPageError, InvalidRecord) as error:
        yield 1, str(error)


@dataclass
class GoodRow:
    """A valid record and where it came from; ``dated`` when it carries its own verified_on."""

    source: str
    line: int
    record: PrisonerRecord
    dated: bool
    unplaced: list[str] = field(default_factory=list)  # a page's words not placed


def collect(
    paths: Iterable[Path], fmt: str | None = None, today: date | None = None
) -> tuple[list[GoodRow], list[RowProblem]]:
    """Read every file; return the good rows and the problems."""
    good: list[GoodRow] = []
    problems: list[RowProblem] = []
    for path in paths:
        for line, result in read_records(path, fmt, today):
            if isinstance(result, str):
                problems.append(RowProblem(str(path), line, result))
            else:
                # A row without a date of its own (a page read today) is not a confirmation.
                dated = result.verified_on is not None
                # Only a page record (page_records.PageRecord) has words left unplaced.
                unplaced = list(getattr(result, "unplaced", []))
                good.append(GoodRow(str(path), line, result, dated, unplaced))
    return good, problems


def import_files(
    session: Session,
    paths: Iterable[Path],
    *,
    skip_bad: bool = False,
    fmt: str | None = None,
    today: date | None = None,
    dry_run: bool = False,
    names: dict[str, str] | None = None,
) -> ImportReport:
    """Import files into the directory in one transaction; see the module docstring for bad rows.

    With ``dry_run`` the very same import runs and is rolled back: the report is the preview.
    ``names`` maps a path to the name to report it under (an uploaded file's own name).
    """
    good, problems = collect(paths, fmt, today)
    if names:
        for item in [*good, *problems]:
            item.source = names.get(item.source, item.source)
    report = ImportReport(problems=problems)
    if problems and not skip_bad:
        return report
    seen: dict[str, tuple[str, int]] = {}
    created: set[int] = set()
    for row in good:
        before = find_prisoner(session, row.record)
        was_free = before is not None and before.status in _FREE
        prisoner, outcome, note = upsert_prisoner(session, row.record, dated=row.dated)
        released = prisoner.status in _FREE and not was_free and outcome is not Outcome.CREATED
        others = likely_duplicates_of(session, prisoner) if outcome is Outcome.CREATED else []
        if others:
            prisoner.needs_review = _with_code(prisoner.needs_review, LIKELY_DUPLICATE)
            session.flush()
        duplicates = [
            Duplicate(o.full_name, o.birth_year, None if o.id in created else o.id) for o in others
        ]
        if outcome is Outcome.CREATED:
            created.add(prisoner.id)
        if prisoner.identity_key in seen and outcome not in (Outcome.UNCHANGED, Outcome.SKIPPED):
            first = seen[prisoner.identity_key]
            report.problems.append(
                RowProblem(
                    row.source, row.line, f"same person as {first[0]}:{first[1]}; later row wins"
                )
            )
        seen.setdefault(prisoner.identity_key, (row.source, row.line))
        report.outcomes[outcome] += 1
        report.changes.append(
            Change(
                row.source,
                row.line,
                prisoner.full_name,
                outcome,
                note,
                prisoner.id,
                released,
                unplaced=row.unplaced,
                likely_duplicates=duplicates,
            )
        )
    if dry_run:
        session.rollback()
        return report
    session.commit()
    report.written = True
    return report


def _with_code(needs_review: str | None, code: str) -> str:
    codes = (needs_review or "").split()
    return " ".join(codes if code in codes else [*codes, code])


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
