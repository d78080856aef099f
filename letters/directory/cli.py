"""``letters directory …`` commands."""

from __future__ import annotations

import click


@click.group("directory", help="Import, export and inspect the prisoner directory.")
def directory_group() -> None:
    """Directory commands."""
