"""Letters to print in bulk, read from a file: records in, renderer inputs out (plain Python).

Shared by ``letters render`` (:mod:`letters.bulk.commands`) and the batch queue's import, so the
two accept the same files and refuse the same records.

**Input.** CSV (``.csv``, comma, semicolon or tab separated, header row, UTF-8 with or without
a BOM) or JSON Lines (``.jsonl``, ``.ndjson``, ``.json``; one object a line; a ``.json`` file
holding one JSON array of objects is read too). Fields:

* ``text`` (required) — the letter.
* ``to`` — the recipient as a published address block (name in the dative, birth year,
  facility, street, locality, region, postcode), read with
  :func:`letters.directory.address.parse_address`; or
* ``prisoner`` — «Фамилия Имя Отчество, 1981», looked up in the directory by full name and
  birth year (without a year, by full name alone; more than one match fails the record).
* ``from`` (optional) — the writer: first line the name, the other lines the address (a single
  line is split at its first comma), read by :func:`letters.directory.address.parse_sender_block`
  as every sender is. Whether the letter goes from abroad is decided for each letter from this
  address; ``from_abroad`` forces it.
* ``date`` (optional) — ``YYYY-MM-DD``; default: today.

A file that cannot be read as a whole (not UTF-8, broken CSV or JSON, no ``text`` column, no
``to`` or ``prisoner`` column) raises :class:`InputFileError`; a record that cannot be printed
is reported on its own (:class:`ResolvedRecord` ``errors``), never stopping the others.

Nothing here imports Flask or click: the directory lookup takes a SQLAlchemy session and
imports the directory's models only when a record names a prisoner.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letters import json_input
from letters.addressing import NoPostalAddress, latin_address, parsed_address, prisoner_address
from letters.directory.address import AddressParseError, parse_address
from letters.draft import REPLIES, REPLIES_OWN, Draft
from letters.json_input import SURROGATE_REASON, JsonInputError, has_lone_surrogate
from letters.language import LANGUAGE_NAMES, check
from letters.messages import N_, TranslatableError, translator
from letters.pdf.envelope import clean_address
from letters.pdf.errors import BLOCK_RECIPIENT, BLOCK_SENDER, PdfError, UnprintableAddress
from letters.pdf.model import Address, BatchItem
from letters.pdf.plans import check_printable  # the one check, here for this module's callers

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from letters.directory.models import Prisoner
    from letters.language.result import CheckResult

__all__ = [
    "FIELDS",
    "FORMATS",
    "InputFileError",
    "InputRecord",
    "Recipient",
    "RecordError",
    "ResolvedRecord",
    "check_printable",
    "find_prisoner",
    "input_format",
    "language_problems",
    "parse_records",
    "read_records",
    "recipient_from_directory",
    "recipient_from_text",
    "resolve_record",
    "split_prisoner_reference",
    "unprintable_addresses",
]

FIELDS = ("text", "to", "prisoner", "from", "date", "replies")
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}

# Messages of this module: each goes into the manifest in the command's language.
MSG_NO_RECIPIENT = N_("The record has neither a “to” address nor a “prisoner” name.")
MSG_TWO_RECIPIENTS = N_("The record has both a “to” address and a “prisoner” name; give one.")
MSG_NO_NAME_IN_ADDRESS = N_(
    "The address names no recipient: start it with the name in the dative and the year of "
    "birth («Миронову Сергею Геннадьевичу, 1981 г. р.»)."
)
MSG_UNKNOWN_PRISONER = N_("No one called “%(reference)s” is in the directory.")
MSG_AMBIGUOUS_PRISONER = N_(
    "The directory has %(count)s people called “%(name)s”; add the year of birth."
)
MSG_NO_DIRECTORY = N_("Prisoner names cannot be looked up here: no directory is available.")
MSG_BAD_REPLIES = N_(
    "“replies” is “%(value)s”: write “organisation” (replies through the organisation's reply "
    "address) or “own” (to the writer's address, the same as leaving it empty)."
)
MSG_BAD_DATE = N_("The date “%(date)s” is not a date in the form YYYY-MM-DD.")
MSG_REJECTED = N_("Rejected by the language check (%(language)s): %(reasons)s")
MSG_LANGUAGE_WARNING = N_("Language check: %(reasons)s")
MSG_CYRILLIC_ABROAD = N_(
    "The sender's address is abroad but written in Cyrillic letters, which the post there cannot "
    "read: give it in Latin letters (%(latin)s)."
)
MSG_NO_SENDER = N_(
    "No sender: the envelope has no return address and the letter says nowhere to answer."
)
# Same msgid as the directory page's notice, so it shares its translation.
MSG_PRESUMED = N_(
    "This address is presumed, not confirmed: the letter may not arrive, or may arrive late."
)

# Checker finding kinds that make a letter unprintable on their own (the rest are advice).
_REJECT_KINDS = ("empty", "unusable", "foreign_language", "foreign_letters", "translit")


class InputFileError(ValueError):
    """The input file cannot be read at all; the message says where and why (one line)."""


class RecordError(TranslatableError):
    """One record cannot be printed. ``msgid`` and ``params`` give the translatable message."""


@dataclass(frozen=True)
class InputRecord:
    """One letter as the file gives it (fields stripped; empty fields are ``None``)."""

    number: int  # 1-based position in the file
    line: int  # line of the file where the record starts
    text: str
    to: str | None = None
    prisoner: str | None = None
    sender: str | None = None  # the ``from`` field
    date: str | None = None
    replies: str | None = None  # "organisation", or "own" (the default)


@dataclass
class ResolvedRecord:
    """A record turned into what the renderer prints, or the reasons it cannot be.

    ``item`` is set exactly when ``errors`` is empty. ``held`` says why a letter that could be
    printed must not be yet: a person has to look first (words of the address that were not
    understood; printing without them could lose the letter). ``warnings`` are things to check
    that do not stop the letter (a presumed address, language-check advice, no sender).
    """

    record: InputRecord
    item: BatchItem | None = None
    recipient: str = ""  # as printed on the envelope, or as given when unresolved
    facility: str = ""
    prisoner_id: int | None = None
    errors: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    check: dict[str, Any] | None = None  # the language checker's ``to_dict()``
    draft: Draft | None = None  # the letter, set with ``item``

    @property
    def ok(self) -> bool:
        """Ready to print: nothing failed and nothing holds it back."""
        return not self.errors and not self.held and self.item is not None


# --- reading files ----------------------------------------------------------------------------


def input_format(path: str | Path) -> str:
    """``"csv"`` or ``"jsonl"`` from the file's extension; :class:`InputFileError` otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise InputFileError(f"unknown input type “{suffix or Path(path).name}”: use {known}")
    return FORMATS[suffix]


def read_records(path: str | Path, fmt: str | None = None) -> list[InputRecord]:
    """Read every record of the file at ``path`` (format by extension unless ``fmt`` is given)."""
    fmt = fmt or input_format(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputFileError(f"cannot read {path}: {error.strerror or error}") from error
    return parse_records(data, fmt)


def parse_records(data: bytes | str, fmt: str) -> list[InputRecord]:
    """Read records from the file's contents (``fmt`` is ``"csv"`` or ``"jsonl"``)."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise InputFileError(
                f"line {line}: not valid UTF-8 (byte {error.start}); save the file as UTF-8"
            ) from error
    else:
        text = data.removeprefix("\ufeff")
    # PostgreSQL cannot store NUL in text (raw, or escaped in JSON): refuse the file in one line.
    nul = text.find("\x00") if "\x00" in text else text.lower().find("\\u0000")
    if nul >= 0:
        raise InputFileError(
            f"line {text[:nul].count(chr(10)) + 1}: contains a NUL character, which cannot be "
            "stored; save the file again as plain text"
        )
    if fmt == "csv":
        return _read_csv(text)
    if fmt == "jsonl":
        return _read_json(text)
    raise ValueError(f"unknown format {fmt!r}")


def _field(value: object, name: str, line: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputFileError(f"line {line}: “{name}” must be a string, not {type(value).__name__}")
    if has_lone_surrogate(value):
        raise InputFileError(f"line {line}: “{name}” {SURROGATE_REASON}")
    return value.strip() or None


def _record(number: int, line: int, row: dict[str, object]) -> InputRecord:
    values = {name: _field(row.get(name), name, line) for name in FIELDS}
    return InputRecord(
        number=number,
        line=line,
        text=values["text"] or "",
        to=values["to"],
        prisoner=values["prisoner"],
        sender=values["from"],
        date=values["date"],
        replies=values["replies"],
    )


def _read_csv(text: str) -> list[InputRecord]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line.strip() else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise InputFileError("the CSV file is empty: it needs a header row (text, to, …)")
        names = [h.strip().lower() for h in header]
        _check_columns(names)
        records = []
        line = reader.line_num + 1
        for row in reader:
            if not any(cell.strip() for cell in row):
                line = reader.line_num + 1
                continue
            if len(row) > len(names):
                raise InputFileError(
                    f"line {line}: {len(row)} fields but the header has {len(names)} columns"
                )
            records.append(_record(len(records) + 1, line, dict(zip(names, row, strict=False))))
            line = reader.line_num + 1
    except csv.Error as error:
        raise InputFileError(f"line {reader.line_num}: invalid CSV: {error}") from error
    return records


def _check_columns(names: Sequence[str]) -> None:
    missing = []
    if "text" not in names:
        missing.append("“text”")
    if "to" not in names and "prisoner" not in names:
        missing.append("“to” or “prisoner”")
    if missing:
        raise InputFileError(
            f"the header has no {' and no '.join(missing)} column (columns: {', '.join(FIELDS)})"
        )


def _read_json(text: str) -> list[InputRecord]:
    stripped = text.lstrip()
    if stripped.startswith("["):  # a .json file holding one array
        try:
            rows = json_input.loads(text)
        except JsonInputError as error:
            raise InputFileError(f"line {error.line}: {error.reason}") from None
        return [_json_record(i, 1, row) for i, row in enumerate(rows, start=1)]
    records = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json_input.loads(line)
        except JsonInputError as error:
            raise InputFileError(f"line {line_number}: {error.reason}") from None
        records.append(_json_record(len(records) + 1, line_number, row))
    return records


def _json_record(number: int, line: int, row: object) -> InputRecord:
    where = f"line {line}" if line > 1 or number == 1 else f"record {number}"
    if not isinstance(row, dict):
        raise InputFileError(f"{where}: expected a JSON object, not {type(row).__name__}")
    if "text" not in row:
        raise InputFileError(f"{where}: the record has no “text”")
    if "to" not in row and "prisoner" not in row:
        raise InputFileError(f"{where}: the record has no “to” or “prisoner”")
    return _record(number, line, row)


# --- recipients and senders -------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """A ``to`` address block as read for printing."""

    address: Address
    warnings: tuple[str, ...]  # things to check (in the caller's language)
    facility: str
    held: str | None  # why it must not print yet: the words that were not understood


@functools.lru_cache(maxsize=4096)
def recipient_from_text(text: str, locale: str = "en") -> Recipient:
    """A published address block as the renderer's :class:`Address`, with what to check.

    Raises :class:`AddressParseError` when the text is no address and :class:`RecordError`
    when it names no recipient. Words the parser could not place make ``held`` (never dropped
    silently). Memoized: a batch holds many letters to the same few people (errors are raised
    again each time, not remembered).
    """
    parsed = parse_address(text)
    if not parsed.recipient:
        raise RecordError(MSG_NO_NAME_IN_ADDRESS)
    # The held reason lists the words not understood; their warnings would say it twice.
    warnings = [w.message(locale) for w in parsed.warnings if w.code != "unread_part"]
    if parsed.presumed:
        warnings.append(translator(locale)(MSG_PRESUMED))

    return Recipient(
        parsed_address(parsed),
        tuple(warnings),
        parsed.facility or "",
        parsed.unplaced_message(locale),
    )


_YEAR_AT_END = re.compile(
    r"[\s,(]*\b(1[89]\d\d|20\d\d)\s*(?:г\.?\s*р\.?|года?\s+рождения|г\.)?\s*\)?\.?\s*$",
    re.IGNORECASE,
)


def split_prisoner_reference(reference: str) -> tuple[str, int | None]:
    """«Миронов Сергей Геннадьевич, 1981» → ``("Миронов Сергей Геннадьевич", 1981)``."""
    match = _YEAR_AT_END.search(reference)
    if match:
        return reference[: match.start()].strip(" ,"), int(match.group(1))
    return reference.strip(" ,"), None


def find_prisoner(session: Session, reference: str) -> Prisoner:
    """The directory's prisoner for «Фамилия Имя Отчество, 1981».

    Matched by full name and birth year (case and ё/е folded), as the directory tells people
    apart. Without a year, any one person of that full name; with a year that no record has,
    the one person of that name whose year the directory does not know. Raises
    :class:`RecordError` when no one, or more than one person, matches.
    """
    # Only records naming a prisoner open the directory: a file of addresses prints without
    # loading the database layer.
    from sqlalchemy import select

    from letters.directory.models import Prisoner
    from letters.directory.store import fold, identity_key

    name, year = split_prisoner_reference(reference)
    if not name:
        raise RecordError(MSG_UNKNOWN_PRISONER, reference=reference)
    if year:
        key = identity_key(name, "", None, year)
        found = session.scalar(select(Prisoner).where(Prisoner.identity_key == key))
        if found is not None:
            return found
    prefix = fold(name) + "|"
    query = select(Prisoner).where(Prisoner.identity_key.startswith(prefix, autoescape=True))
    candidates = list(session.scalars(query.order_by(Prisoner.id)))
    if year:
        candidates = [p for p in candidates if p.birth_year is None]
    if not candidates:
        raise RecordError(MSG_UNKNOWN_PRISONER, reference=reference)
    if len(candidates) > 1:
        raise RecordError(MSG_AMBIGUOUS_PRISONER, count=len(candidates), name=name)
    return candidates[0]


def recipient_from_directory(prisoner: Prisoner) -> Address:
    """The prisoner's envelope address as the directory has it now.

    Raises :class:`RecordError` (with the directory page's own notice) when no letter can reach
    the prisoner by post: released, deceased, transferred, or no address known.
    """
    from letters.directory.reachability import UNREACHABLE  # loads the models: see above

    try:
        return prisoner_address(prisoner)
    except NoPostalAddress as error:
        raise RecordError(UNREACHABLE[error.code]) from None


# --- whole records ----------------------------------------------------------------------------


def _parse_date(value: str | None, today: dt.date) -> dt.date:
    if not value:
        return today
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise RecordError(MSG_BAD_DATE, date=value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RecordError(MSG_BAD_DATE, date=value) from None


def language_problems(text: str, locale: str) -> tuple[list[str], list[str], CheckResult]:
    """The checker's verdict on ``text`` as record errors and warnings, and the result itself.

    A ``reject`` is an error naming the language and the first reasons; a ``warn`` is one
    warning. Length findings are left out: the limits are e-letter services', paper has none.
    """
    result = check(text, locale=locale)
    gettext = translator(locale)
    messages = list(dict.fromkeys(f.message for f in result.findings if f.kind != "length"))
    if result.verdict == "reject":
        blocking = [f.message for f in result.findings if f.kind in _REJECT_KINDS]
        reasons = list(dict.fromkeys(blocking)) or messages or [result.verdict]
        name = LANGUAGE_NAMES.get(result.language)
        language = gettext(name) if name else result.language
        error = gettext(MSG_REJECTED) % {"language": language, "reasons": " ".join(reasons[:3])}
        return [error], [], result
    if result.verdict == "warn" and messages:
        shown = " ".join(messages[:3]) + (" …" if len(messages) > 3 else "")
        return [], [gettext(MSG_LANGUAGE_WARNING) % {"reasons": shown}], result
    return [], [], result


def resolve_record(
    record: InputRecord,
    session: Session | None,
    *,
    today: dt.date | None = None,
    from_abroad: bool = False,
    locale: str = "en",
    check_language: bool = True,
    organisation: Address | None = None,
    reply_code: Callable[[], str] | None = None,
) -> ResolvedRecord:
    """Turn one record into a :class:`BatchItem`, collecting every reason it cannot print.

    Reads the recipient (``to`` with the address parser, ``prisoner`` in the directory through
    ``session``), the sender and the date, and runs the language checker (a ``reject`` verdict
    fails the record, a ``warn`` is a warning) unless ``check_language`` is false (``letters
    render`` checks in its worker processes, see :mod:`letters.bulk.parts`). Messages are in
    ``locale`` (English by default: they go into a manifest). A letter with replies through
    the organisation goes to ``organisation`` (the reply address's block) with a code from
    ``reply_code``; without that (``letters render``: nothing is registered) it is refused.
    """
    today = today or dt.date.today()
    gettext = translator(locale)
    resolved = ResolvedRecord(record)
    recipient: Address | None = None

    def fail(error: RecordError | AddressParseError | PdfError) -> None:
        resolved.errors.append(error.message(locale))

    if record.to and record.prisoner:
        fail(RecordError(MSG_TWO_RECIPIENTS))
        resolved.recipient = record.prisoner
    elif record.to:
        resolved.recipient = record.to.splitlines()[0]
        try:
            read = recipient_from_text(record.to, locale)
            recipient, resolved.facility = read.address, read.facility
            resolved.warnings += read.warnings
            if read.held:
                resolved.held.append(read.held)
        except (AddressParseError, RecordError) as error:
            fail(error)
    elif record.prisoner:
        resolved.recipient = record.prisoner
        try:
            if session is None:
                raise RecordError(MSG_NO_DIRECTORY)
            prisoner = find_prisoner(session, record.prisoner)
            resolved.prisoner_id = prisoner.id
            if prisoner.facility is not None:
                resolved.facility = prisoner.facility.name
            recipient = recipient_from_directory(prisoner)
            if prisoner.address_presumed:
                resolved.warnings.append(gettext(MSG_PRESUMED))
        except RecordError as error:
            fail(error)
    else:
        fail(RecordError(MSG_NO_RECIPIENT))
    if recipient is not None:
        resolved.recipient = " ".join(recipient.name_lines)

    try:
        date = _parse_date(record.date, today)
    except RecordError as error:
        fail(error)
        date = today

    if check_language:
        errors, warnings, result = language_problems(record.text, locale)
        resolved.check = result.to_dict()
        resolved.errors += errors
        resolved.warnings += warnings

    replies = (record.replies or REPLIES_OWN).lower()
    if replies not in REPLIES:
        fail(RecordError(MSG_BAD_REPLIES, value=record.replies))
        replies = REPLIES_OWN
    draft = Draft.from_record(
        record.text, record.sender, letter_date=date, from_abroad=from_abroad, replies=replies
    )
    if draft.through_organisation and reply_code is not None:
        draft = dataclasses.replace(draft, reply_code=reply_code())
    if not draft.sender.name:
        resolved.warnings.append(gettext(MSG_NO_SENDER))
    if draft.sender.cyrillic_abroad:
        latin = latin_address(draft.sender).replace("\n", ", ")
        resolved.warnings.append(gettext(MSG_CYRILLIC_ABROAD) % {"latin": latin})
    try:
        sender = draft.sender_block(organisation)
    except PdfError as error:
        fail(error)
        sender = None

    if recipient is not None and sender is not None:
        resolved.held += unprintable_addresses(recipient, sender, locale)

    if recipient is not None and not resolved.errors:
        resolved.draft = draft
        abroad = draft.sender.abroad
        try:
            letter = draft.letter(organisation=organisation)
            resolved.item = BatchItem(letter, recipient, sender, from_abroad=abroad)
        except PdfError as error:
            fail(error)
            resolved.draft = None
    return resolved


def unprintable_addresses(recipient: Address, sender: Address, locale: str = "en") -> list[str]:
    """Why the envelope's addresses cannot be printed as given: a character the envelope font
    cannot draw, named with its part. Such a letter is held, never printed without it."""
    problems = []
    for address, block in ((recipient, BLOCK_RECIPIENT), (sender, BLOCK_SENDER)):
        try:
            clean_address(address, block)
        except UnprintableAddress as error:
            problems.append(error.message(locale))
    return problems
