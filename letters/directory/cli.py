"""``letters directory …``, ``letters address …`` and ``letters name …`` commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from letters.extensions import db

SAMPLE_DIR = Path(__file__).parent / "sample"


@click.group("directory", help="Import, export and inspect the prisoner directory.")
def directory_group() -> None:
    """Directory commands."""


def _run_import(paths: list[Path], skip_bad: bool, fmt: str | None) -> None:
    from letters.directory.import_export import import_files

    report = import_files(db.session, paths, skip_bad=skip_bad, fmt=fmt)
    for problem in report.problems:
        click.echo(f"bad row: {problem}", err=True)
    for change in report.noted:
        click.echo(
            f"{change.outcome.value}: {change.source}:{change.line}: {change.name}: {change.note}",
            err=True,
        )
    # What the browser's preview flags, said on the terminal too.
    for change in report.changes:
        where = f"{change.source}:{change.line}: {change.name}"
        if change.unplaced:
            words = ", ".join(f"«{word}»" for word in change.unplaced)
            held = "no letter is printed to it until a coordinator has checked it"
            click.echo(f"held: {where}: address words not understood: {words}; {held}", err=True)
        for other in change.likely_duplicates:
            year = f", {other.birth_year}" if other.birth_year else ""
            click.echo(f"likely duplicate: {where}: probably {other.name}{year}", err=True)
    click.echo(report.summary())
    if report.problems and not report.written:
        raise click.ClickException("nothing was imported; fix the rows above or use --skip-bad")
    if report.problems:
        sys.exit(1)


@directory_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--skip-bad", is_flag=True, help="Import the good rows and report the bad ones.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "page"]),
    help="Default: by extension (.csv, .json/.jsonl, anything else is a published page).",
)
@with_appcontext
def import_command(files: tuple[str, ...], skip_bad: bool, fmt: str | None) -> None:
    """Import published prisoner pages, CSV or JSON into the directory (idempotent)."""
    _run_import([Path(f) for f in files], skip_bad, fmt)


@directory_group.command("load-sample")
@with_appcontext
def load_sample() -> None:
    """Import the bundled sample directory (safe to run again: it only updates)."""
    _run_import(sorted(SAMPLE_DIR.glob("*.txt")), skip_bad=False, fmt="page")


@directory_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="json")
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-")
@with_appcontext
def export_command(fmt: str, out) -> None:
    """Write the whole directory as CSV or JSON (importable again without loss)."""
    from letters.directory.import_export import export_records, write_csv, write_json

    records = export_records(db.session)
    (write_csv if fmt == "csv" else write_json)(records, out)


@click.group("address", help="Postal addresses.")
def address_group() -> None:
    """Address commands."""


@address_group.command("parse")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def parse_address_command(text: str, as_json: bool) -> None:
    """Split a published address block into its parts.

    Exit 1 when some words could not be placed (listed under ``unplaced``), 2 when the text is
    no address at all.
    """
    from letters.directory.address import AddressParseError, parse_address

    try:
        parsed = parse_address(text)
    except AddressParseError as error:
        click.echo(f"letters: cannot read this address: {error}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(parsed.to_dict(), ensure_ascii=False))
    else:
        for key, value in parsed.to_dict().items():
            if isinstance(value, list):
                value = "; ".join(value) or None
            if value is not None:
                click.echo(f"{key}: {value}")
    for warning in parsed.warnings:
        click.echo(f"warning: {warning}", err=True)
    if parsed.unplaced:
        # Exit 1: read, but an envelope made from it would lack what these words say.
        words = ", ".join(f"«{part}»" for part in parsed.unplaced)
        click.echo(f"letters: not understood: {words}", err=True)
        sys.exit(1)


@click.group("name", help="Russian names.")
def name_group() -> None:
    """Name commands."""


@name_group.command("dative")
@click.argument("full_name")
@click.option("--gender", type=click.Choice(["m", "f"]))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def dative_command(full_name: str, gender: str | None, as_json: bool) -> None:
    """Put «Фамилия Имя Отчество» into the dative case, as on an envelope."""
    from letters.directory.names import IncompleteName, to_dative

    try:
        result = to_dative(full_name, gender=gender)
    except IncompleteName as error:
        click.echo(f"letters: {error}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(
            json.dumps({"dative": result.dative, "gender": result.gender}, ensure_ascii=False)
        )
    else:
        click.echo(result.dative)
