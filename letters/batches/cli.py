"""``letters batch …``, ``letters queue …`` and ``letters purge``."""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import click
from flask import current_app, url_for
from flask.cli import with_appcontext
from sqlalchemy import select

from letters.auth.models import User
from letters.batches import lifecycle
from letters.batches.claims import NothingToClaim, Selection, create_batch
from letters.batches.generation import generate_files, retry
from letters.batches.models import Batch, BatchStatus
from letters.batches.retention import purge_as_configured
from letters.batches.returns import RETURN_REASONS, ReturnError, parse_return_lines, record_returns
from letters.database import MAX_ID
from letters.extensions import db
from letters.jobs import jobs
from letters.pdf.layout import DEFAULT_ENVELOPE, OUTPUTS

# An id the database can hold: a larger number is refused in one line, not a traceback.
ID = click.IntRange(1, MAX_ID)


def _batch(batch_id: int) -> Batch:
    batch = db.session.get(Batch, batch_id)
    if batch is None:
        raise click.ClickException(f"there is no batch {batch_id}")
    return batch


def _user(email: str | None) -> User | None:
    if email is None:
        return None
    user = User.find_by_email(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    return user


@click.group("batch", help="Batches of queued letters for volunteers to print.")
def batch_group() -> None:
    """Batch commands."""


@batch_group.command("create")
@click.option("--region", help="Only letters to facilities in this region.")
@click.option("--facility-id", type=ID, help="Only letters to this facility.")
@click.option("--oldest", type=click.IntRange(1, MAX_ID), help="At most this many, oldest first.")
@click.option("--envelope", type=click.Choice(OUTPUTS), default=DEFAULT_ENVELOPE, show_default=True)
@click.option("--start-label", type=click.IntRange(1, 21), default=1, show_default=True)
@click.option("--duplex", is_flag=True, help="Each letter starts on a front page.")
@click.option("--user", "email", help="The volunteer's account (recorded in the history).")
@with_appcontext
def create_command(region, facility_id, oldest, envelope, start_label, duplex, email) -> None:
    """Claim queued letters into a new batch."""
    try:
        batch = create_batch(
            db.session,
            _user(email),
            Selection(region, facility_id, oldest),
            envelope_format=envelope,
            start_label=start_label,
            duplex=duplex,
        )
    except NothingToClaim:
        raise click.ClickException("no printable letters match") from None
    click.echo(f"Batch {batch.id}: {len(batch.letters)} letters.")


@batch_group.command("list")
@with_appcontext
def list_command() -> None:
    """Batches, newest first."""
    for batch in db.session.scalars(select(Batch).order_by(Batch.id.desc())):
        failure = f"  ({batch.generation_error})" if batch.status is BatchStatus.FAILED else ""
        click.echo(
            f"{batch.id:>5}  {batch.status.value:<10} {len(batch.letters):>5} letters  "
            f"{batch.envelope_format:<10} {batch.created_at:%Y-%m-%d %H:%M}{failure}"
        )


@batch_group.command("retry")
@click.argument("batch_id", type=ID)
@with_appcontext
def retry_command(batch_id: int) -> None:
    """Prepare a failed batch's files again, once the cause is fixed."""
    _batch(batch_id)
    if not retry(batch_id):
        raise click.ClickException(f"batch {batch_id} has not failed")
    jobs().request(batch_id)
    click.echo(f"Batch {batch_id}: its files are being prepared again.")


@batch_group.command("pdf")
@click.argument("batch_id", type=ID)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@with_appcontext
def pdf_command(batch_id: int, out: Path) -> None:
    """Write the batch's files into OUT (complete, or not at all)."""
    batch = _batch(batch_id)
    if batch.purged:
        raise click.ClickException(f"the letters of batch {batch_id} were purged after posting")
    try:
        if out.exists() and any(out.iterdir()):
            raise click.ClickException(f"{out} is not empty")
        out.parent.mkdir(parents=True, exist_ok=True)
        for stale in out.parent.glob(f".{out.name}.*"):  # left by a run that was killed
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as error:
        raise click.ClickException(f"cannot write to {out}: {error.strerror}") from None
    try:
        # Not a terminal (a log, a pipe): click hides the bar; a line per step says as much.
        logged = not sys.stderr.isatty()
        with click.progressbar(
            length=len(batch.letters), label="Rendering", file=sys.stderr
        ) as bar:
            done = 0

            def advance(current: int, total: int) -> None:
                nonlocal done
                bar.update(current - done)
                done = current
                if logged:
                    click.echo(f"Rendered {current} of {total} letters.", err=True)

            files = generate_files(current_app._get_current_object(), batch, advance)
        try:
            for name, data in files.files.items():
                (staging / name).write_bytes(data)
            if out.exists():
                out.rmdir()
            staging.rename(out)
        except OSError as error:
            raise click.ClickException(f"cannot write to {out}: {error.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    click.echo(f"Wrote {', '.join(sorted(files.files))} to {out}.")
    for letter, reason in files.set_aside:
        why = reason.message("en") if reason else "its recipient has no postal address now"
        click.echo(f"letters: {letter.reference} set aside (held in the queue): {why}", err=True)


@batch_group.command("mark")
@click.argument("batch_id", type=ID)
@click.argument("state", type=click.Choice(["printed", "posted"]))
@click.option("--on", "posted_on", type=click.DateTime(["%Y-%m-%d"]), help="Posting date.")
@click.option("--user", "email", help="Who did it (recorded in the history).")
@with_appcontext
def mark_command(batch_id: int, state: str, posted_on, email) -> None:
    """Record that a batch was printed or posted."""
    batch, user = _batch(batch_id), _user(email)
    try:
        if state == "printed":
            lifecycle.mark_printed(db.session, batch, user)
        else:
            on = posted_on.date() if posted_on else date.today()
            lifecycle.mark_posted(db.session, batch, user, on=on)
    except lifecycle.InvalidTransition as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Batch {batch_id} is {state}.")


@batch_group.command("cancel")
@click.argument("batch_id", type=ID)
@click.option("--user", "email")
@with_appcontext
def cancel_command(batch_id: int, email) -> None:
    """Return a batch's letters to the queue."""
    try:
        count = lifecycle.cancel_batch(db.session, _batch(batch_id), _user(email))
    except lifecycle.InvalidTransition as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Batch {batch_id} cancelled; {count} letters back in the queue.")


@batch_group.command("returned")
@click.argument("codes", type=click.File(encoding="utf-8-sig"))
@click.option(
    "--reason",
    type=click.Choice(list(RETURN_REASONS)),
    help="The reason for lines that give none (moved: «выбыл», unknown: «адресат не значится», "
    "expired: «по истечении срока хранения», other: needs a note).",
)
@click.option("--user", "email", help="Who recorded it (kept in the history).")
@with_appcontext
def returned_command(codes, reason: str | None, email: str | None) -> None:
    """Record posted letters that came back, from a file of reference codes ("-": stdin).

    One letter a line: CODE, or CODE,reason, or CODE,reason,note. Every line is checked first:
    if any is wrong, nothing is recorded.
    """
    try:
        requests = parse_return_lines(codes, reason)
        letters = record_returns(db.session, requests, _user(email))
    except ReturnError as error:
        raise click.ClickException(str(error)) from None
    except UnicodeDecodeError as error:  # the file is read line by line, as it is parsed
        raise click.ClickException(
            f"{codes.name}: not valid UTF-8 (byte {error.start} of a line); save it as UTF-8"
        ) from None
    db.session.commit()
    for letter in letters:
        click.echo(f"{letter.reference}: returned ({letter.returned_reason})")
    click.echo(
        f"{len(letters)} letters recorded as returned; their prisoners are flagged for review."
    )


@click.group("queue", help="The queue of letters waiting for volunteers.")
def queue_group() -> None:
    """Queue commands."""


@queue_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-bad", is_flag=True, help="Queue the good letters and report the bad ones.")
@click.option(
    "--from-abroad",
    is_flag=True,
    help="Every sender writes from outside Russia (otherwise decided per letter).",
)
@with_appcontext
def queue_import_command(path: Path, skip_bad: bool, from_abroad: bool) -> None:
    """Queue the letters of a CSV or JSON Lines file (the same format as `letters render`)."""
    from letters.batches.queue import import_letters
    from letters.bulk.records import InputFileError

    try:
        outcome = import_letters(db.session, path, skip_bad=skip_bad, from_abroad=from_abroad)
    except InputFileError as error:
        click.echo(f"letters: {error}", err=True)
        sys.exit(2)
    for number, line, reason in outcome.failed:
        click.echo(f"record {number} (line {line}): {reason}", err=True)
    for number, line, reason in outcome.held:
        click.echo(f"record {number} (line {line}): held: {reason}", err=True)
    for number, reference in outcome.queued:
        link = outcome.reply_links.get(number)
        # The writer's only key to the reply: the operator passes it on (it is not kept).
        shown = f"; private reply link: {_reply_path(link)}" if link else ""
        click.echo(f"record {number}: queued as {reference}{shown}")
    if not outcome.written:
        raise click.ClickException("nothing was queued; fix the records above or use --skip-bad")
    summary = f"{len(outcome.queued)} letters queued, {len(outcome.failed)} failed"
    click.echo(summary + (f", {len(outcome.held)} held." if outcome.held else "."))
    if outcome.failed or outcome.held:
        sys.exit(1)


def _reply_path(token: str) -> str:
    """The private reply page's path (this site's address goes before it)."""
    with current_app.test_request_context():
        return url_for("writing.reply", t=token)


@click.command("purge")
@with_appcontext
def purge_command() -> None:
    """Delete letter texts and writers' details RETENTION_DAYS after posting."""
    count = purge_as_configured(db.session, current_app.config)
    click.echo(f"Purged {count} letters.")
