"""Find a marker text wherever the app may have left it: files, zips, PDFs, database pages.

The scan does not assume where generated files are kept: it reads every file of the instance
folder, every text and binary value in every table, and the database's own files.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from letters.extensions import db


def found_in(data: bytes, markers: list[str]) -> list[str]:
    """The markers present in ``data``, looking inside zips and PDFs as a person would."""
    hits = {m for m in markers if m.encode() in data}
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                hits |= set(found_in(archive.read(name), markers))
    elif data.startswith(b"%PDF-"):
        words = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        hits |= {m for m in markers if m in words}
    return sorted(hits)


def in_files(folder: Path, markers: list[str]) -> dict[str, list[str]]:
    """Every file under ``folder`` that holds a marker, with the markers it holds."""
    result = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hits = found_in(path.read_bytes(), markers)
        if hits:
            result[str(path)] = hits
    return result


def in_tables(engine: Engine, markers: list[str]) -> dict[str, list[str]]:
    """Every table whose current rows hold a marker (in any text or binary column)."""
    result = {}
    with engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            hits: set[str] = set()
            for row in connection.execute(select(table)):
                for value in row:
                    if isinstance(value, str):
                        hits |= set(found_in(value.encode(), markers))
                    elif isinstance(value, bytes | memoryview):
                        hits |= set(found_in(bytes(value), markers))
            if hits:
                result[table.name] = sorted(hits)
    return result


def database_files(engine: Engine) -> list[Path] | None:
    """The files that hold the database's pages, or None when this process cannot read them."""
    if engine.dialect.name == "sqlite":
        main = Path(engine.url.database)
        return [p for p in (main, Path(f"{main}-wal"), Path(f"{main}-journal")) if p.exists()]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CHECKPOINT"))  # pages reach the files only at a checkpoint
        data_dir = Path(connection.execute(text("SHOW data_directory")).scalar())
        oid = connection.execute(
            text("SELECT oid FROM pg_database WHERE datname = current_database()")
        ).scalar()
    folder = data_dir / "base" / str(oid)
    if not os.access(folder, os.R_OK | os.X_OK):
        return None
    return [p for p in folder.iterdir() if p.is_file()]


def in_database_files(engine: Engine, markers: list[str]) -> dict[str, list[str]] | None:
    """The database files that hold a marker's bytes (None: they cannot be read from here)."""
    files = database_files(engine)
    if files is None:
        return None
    result = {}
    for path in files:
        data = path.read_bytes()
        hits = [m for m in markers if m.encode() in data]
        if hits:
            result[str(path)] = hits
    return result
