"""No CSV the app writes starts a cell with a formula; the directory export still round-trips."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letters.batches.claims import Selection, create_batch
from letters.batches.files import build_files
from letters.directory.import_export import export_records, import_files, write_csv
from letters.directory.models import Prisoner
from letters.extensions import db
from letters.spreadsheets import FORMULA_START, neutralise, restore
from tests.batches.conftest import directory, queue_letters  # noqa: F401 - a fixture
from tests.directory.test_import_export import mironov, write_rows

HOSTILE_CELLS = ['=HYPERLINK("https://evil.example","x")', "+7 900 000-00-00", "-2+3", "@SUM(1)",
                 "\tTab", "\rCR", "'=already quoted", "'plain quote",
                 # Issue 22: a formula after a separator some spreadsheet splits on.
                 "ФКУ ИК-55;=cmd|' /C calc'!A0", 'ИК-2; "=1+1"', "a, @SUM(1)", "x\t-2+3",
                 "a |=1", "a;'=already quoted after a separator"]  # fmt: skip
# What Excel, LibreOffice and Google Sheets may split a line on (Excel in ru/de: «;»).
SEPARATORS = ",;\t\n\r |"


def cells(data: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data)) for cell in row]


def formula_cells(data: str) -> list[str]:
    """Cells that start a formula when ``data`` is split on any one of the separators, its
    quotes and leading spaces ignored (a spreadsheet may read them as either)."""
    pieces = [data, *(piece for sep in SEPARATORS for piece in data.split(sep))]
    return [p for p in pieces if p.lstrip(' "').startswith(FORMULA_START)]


@given(st.text() | st.text(alphabet=st.sampled_from([*SEPARATORS, *"=+-@'\"", "Ж", "a"])))
def test_restore_undoes_neutralise(value):
    assert restore(neutralise(value)) == value
    assert formula_cells(str(neutralise(value))) == []


def test_directory_export_neutralises_and_imports_again_unchanged(app, tmp_path):
    source = tmp_path / "source.csv"
    rows = [mironov(summary=cell, surname=f"Миронов{i}") for i, cell in enumerate(HOSTILE_CELLS)]
    rows[0]["interests"] = "=1+1"
    write_rows(source, rows)
    with app.app_context():
        import_files(db.session, [source])
        exported = export_records(db.session)
        summaries = {r.summary for r in exported}
        # A hand-made file's "'=…" is read as a spreadsheet's text marker; "'plain" stays as is.
        assert {HOSTILE_CELLS[0], "-2+3", "=already quoted", "'plain quote"} <= summaries
        assert {*HOSTILE_CELLS[8:13], "a;=already quoted after a separator"} <= summaries
        out = io.StringIO()
        write_csv(exported, out)
        assert not [c for c in cells(out.getvalue()) if formula_cells(c)]
        assert formula_cells(out.getvalue()) == []  # however a spreadsheet splits the lines
        dump = tmp_path / "dump.csv"
        dump.write_text(out.getvalue(), encoding="utf-8")
        report = import_files(db.session, [dump])
        assert report.outcomes["unchanged"] == len(HOSTILE_CELLS)
        assert export_records(db.session) == exported


@pytest.mark.usefixtures("directory")
def test_batch_manifest_neutralises_cells(app):
    """A facility name as published (free text) that starts like a formula stays text."""
    with app.app_context():
        queue_letters(1)
        prisoner = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        prisoner.facility.name = "=cmd|'/C calc'!A0 " + prisoner.facility.name + ";=cmd|x!A0"
        db.session.commit()
        batch = create_batch(db.session, None, Selection())
        files = build_files(batch).files
    manifest = files["manifest.csv"].decode()
    assert "'=cmd" in manifest and ";'=cmd|x!A0" in manifest
    assert formula_cells(manifest) == []


def test_render_manifest_neutralises_cells(runner, tmp_path):
    source = tmp_path / "letters.csv"
    source.write_text(
        'text,to\n"=1+2 Здравствуйте! Пишу Вам из Казани.","@x\n-y;=cmd|x!A0"\n',
        encoding="utf-8",
    )
    result = runner.invoke(args=["render", str(source), "--out", str(tmp_path / "out")])
    assert "Traceback" not in result.output
    manifest = (tmp_path / "out" / "manifest.csv").read_text(encoding="utf-8-sig")
    assert not [c for c in cells(manifest) if c.startswith(FORMULA_START)]
    assert formula_cells(manifest) == []
