"""``letters check``: the language check on the command line."""

from __future__ import annotations

import json
import sys

import click

from letters.language.raw_input import EXIT_UNUSABLE, run_check


@click.command("check")
@click.argument("source", type=click.File("rb"), default="-")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--lang", type=click.Choice(["ru", "en"]), default="ru", help="Language of the messages."
)
def check_command(source, as_json: bool, lang: str) -> None:
    """Check that a letter (FILE, or - for standard input) is in Russian.

    Exit status: 0 when the letter can be sent, 1 when it would be rejected, 2 for unusable input.
    """
    code, payload = run_check(source.read(), lang)
    if code == EXIT_UNUSABLE:
        click.echo(f"letters: {payload}", err=True)
        sys.exit(code)
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        click.echo(f"{payload['verdict']} ({payload['language']})")
        for finding in payload["findings"]:
            where = f"{finding['start']}-{finding['end']}"
            fix = f" → {finding['suggestion']}" if finding["suggestion"] else ""
            click.echo(
                f"  {where} {finding['kind']}: «{finding['text']}»{fix} — {finding['message']}"
            )
    sys.exit(code)
