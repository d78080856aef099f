"""``letters cards``: the prisoner cards organisers hand out, from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from letters.database import MAX_ID
from letters.extensions import db

ID = click.IntRange(1, MAX_ID)  # an id the database can hold; larger ones are refused in one line


@click.command("cards")
@click.option("--facility-id", type=ID, help="Everyone at this facility.")
@click.option("--region", help="Everyone in this region (as the directory writes it).")
@click.option("--evening", "evening_id", type=ID, help="An evening's list.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def cards_command(
    facility_id: int | None, region: str | None, evening_id: int | None, out: Path
) -> None:
    """Print prisoner cards (A6, four to an A4 sheet) of those who can receive post."""
    from letters.evenings.cards import cards_pdf, evening_prisoners, selected_prisoners
    from letters.evenings.models import Evening

    if evening_id is not None:
        if facility_id is not None or region:
            raise click.UsageError("--evening cannot be combined with --facility-id or --region")
        evening = db.session.get(Evening, evening_id)
        if evening is None:
            raise click.ClickException(f"no evening with id {evening_id}")
        prisoners = evening_prisoners(evening)
    else:
        prisoners = selected_prisoners(db.session, facility_id=facility_id, region=region)
    if not prisoners:
        raise click.ClickException("nobody who can receive post matches; nothing written")
    stale = current_app.config["STALE_AFTER_DAYS"]
    pdf = cards_pdf(prisoners, today=date.today(), stale_after_days=stale)
    try:
        out.write_bytes(pdf)
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror}") from None
    click.echo(f"{len(prisoners)} card(s) written to {out}")
