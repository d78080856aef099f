"""``letters replies import``: a volunteer with a scanner feeds the replies of a folder."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import click
from babel.dates import format_date
from flask.cli import with_appcontext

from letters.extensions import db
from letters.messages import N_, translator
from letters.replies.inbox import CodeRefused, receive
from letters.replies.intake import MAX_FILE_BYTES, UploadRefused, check_file_size, read_upload

MSG_MATCHED = N_(
    "%(file)s: matched to the letter %(reference)s to %(prisoner)s of %(date)s; "
    "awaiting confirmation on the Replies page."
)
MSG_UNMATCHED_NO_CODE = N_(
    "%(file)s: unmatched, no reply code was read in it; kept on the Replies page's list to resolve."
)
MSG_UNMATCHED_CODE = N_(
    "%(file)s: unmatched, no letter has the reply code %(code)s; kept on the Replies page's "
    "list to resolve."
)
MSG_REFUSED = N_("%(file)s: refused: %(reason)s")
MSG_UNREADABLE = N_("%(file)s: refused: it could not be read (%(reason)s).")
MSG_NOT_A_FILE = N_("%(file)s: refused: it is not a file.")
MSG_SUMMARY = N_("Matched: %(matched)s; unmatched: %(unmatched)s; refused: %(refused)s.")


@click.group("replies", help="Replies that came back from prisoners.")
def replies_group() -> None:
    """Replies commands."""


@replies_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--lang", type=click.Choice(["ru", "en"]), default="ru", help="Language of the messages."
)
@with_appcontext
def import_command(paths: tuple[Path, ...], lang: str) -> None:
    """Store the replies in FILE or DIR… (each file is one reply, a folder's files taken in
    name order, not its subfolders) and match each by its QR code.

    Exit status: 0 when every file was matched, 1 when any was not (unmatched ones are kept on
    the Replies page's list to resolve; refused ones are not stored).
    """
    # pypdf logs each flaw it repairs in a damaged PDF; this command's own line says what
    # became of the file, and the repairs are the sender's, not something to act on here.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    gettext = translator(lang)
    outcomes: Counter[str] = Counter()
    for path, unreadable in _files(paths):
        outcome, line = (
            ("refused", gettext(MSG_UNREADABLE) % {"file": path, "reason": unreadable})
            if unreadable
            else _import_one(path, lang)
        )
        outcomes[outcome] += 1
        click.echo(line)
    counts = {kind: outcomes[kind] for kind in ("matched", "unmatched", "refused")}
    click.echo(gettext(MSG_SUMMARY) % counts)
    if counts["unmatched"] or counts["refused"]:
        sys.exit(1)


def _files(paths: tuple[Path, ...]) -> Iterator[tuple[Path, str | None]]:
    """Each file to import, or a path that cannot be read with the system's reason: a folder
    gives its files in name order (hidden ones and subfolders left out)."""
    for path in paths:
        try:
            if not path.is_dir():
                yield path, None
                continue
            entries = sorted(path.iterdir())
        except OSError as error:
            yield path, error.strerror or type(error).__name__
            continue
        for entry in entries:
            if not entry.name.startswith(".") and not entry.is_dir():
                yield entry, None


def _import_one(path: Path, lang: str) -> tuple[str, str]:
    """Read, store and match one file: its outcome and the line that tells it."""
    gettext = translator(lang)
    try:
        data = _read(path)
        if data is None:
            return "refused", gettext(MSG_NOT_A_FILE) % {"file": path}
        received = receive(db.session, read_upload([(path.name, data)]), via="import")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return "refused", gettext(MSG_UNREADABLE) % {"file": path, "reason": reason}
    except (UploadRefused, CodeRefused) as refused:
        db.session.rollback()
        return "refused", gettext(MSG_REFUSED) % {"file": path, "reason": refused.message(lang)}
    db.session.commit()
    reply = received.reply
    if received.outcome == "matched":
        letter = reply.letter
        prisoner = letter.prisoner.full_name if letter.prisoner else _addressee(letter)
        shown = {
            "file": path,
            "reference": letter.reference,
            "prisoner": prisoner,
            "date": format_date(letter.letter_date, "long", locale=lang),
        }
        return "matched", gettext(MSG_MATCHED) % shown
    if reply.code_read:
        return "unmatched", gettext(MSG_UNMATCHED_CODE) % {"file": path, "code": reply.code_read}
    return "unmatched", gettext(MSG_UNMATCHED_NO_CODE) % {"file": path}


def _read(path: Path) -> bytes | None:
    """The file's bytes; None for what is not a regular file (a FIFO, a device). Its size is
    checked before anything is read, and no more than the limit is ever read."""
    # Without blocking: opening a FIFO would wait for a writer that never comes.
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        check_file_size(path.name, info.st_size)
        return handle.read(MAX_FILE_BYTES + 1)


def _addressee(letter) -> str:
    """The recipient of a letter imported from a file: its address block's first line."""
    return (letter.address_text or "").strip().splitlines()[0] if letter.address_text else "?"
