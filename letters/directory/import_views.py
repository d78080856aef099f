"""Coordinators import in the browser: the same import code, run first as a dry run.

The preview is :func:`letters.directory.import_export.import_files` with ``dry_run=True`` (the very
import, rolled back), so it cannot disagree with what applying does. The text travels back with
the preview form, so applying works on any app server; it is applied only when the preview found
no bad rows (all or nothing), and the import is simply run again, for real.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from letters.auth.access import role_required
from letters.auth.models import Role
from letters.directory.import_export import detect_format, import_files
from letters.directory.import_forms import ImportForm
from letters.extensions import db

bp = Blueprint("directory_import", __name__, url_prefix="/coordinate/import")

KIND_ORDER = ("new", "transfer", "release", "correction", "skipped", "unchanged")


@bp.before_request
@role_required(Role.COORDINATOR)
def _coordinators_only() -> None:
    """Only coordinators import."""


def _content(form: ImportForm) -> tuple[str, str] | None:
    """The text to import and the name to report it under, or None (with a form error).

    Pasted text has no file name: its format is the one chosen, or a published page.
    """
    upload = form.upload.data
    if upload and getattr(upload, "filename", ""):
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig"), Path(upload.filename).name
        except UnicodeDecodeError:
            form.upload.errors.append(_("The file is not UTF-8 text."))
            return None
    if form.text.data and form.text.data.strip():
        return form.text.data, _("pasted text")
    form.text.errors.append(_("Choose a file or paste the text to import."))
    return None


def _run(text: str, name: str, fmt: str | None, *, dry_run: bool):
    suffix = Path(name).suffix if Path(name).suffix else ".txt"
    with tempfile.TemporaryDirectory(dir=current_app.instance_path) as folder:
        path = Path(folder) / f"import{suffix}"
        path.write_text(text, encoding="utf-8")
        return import_files(db.session, [path], fmt=fmt, dry_run=dry_run, names={str(path): name})


@bp.route("/", methods=["GET", "POST"])
def import_page():
    """Upload or paste; see what would change; apply it all, or nothing."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("directory/coordinator/import.html", form=form), (
            422 if form.errors else 200
        )
    content = _content(form)
    if content is None:
        return render_template("directory/coordinator/import.html", form=form), 422
    text, name = content
    fmt = form.fmt.data or detect_format(Path(name))
    report = _run(text, name, fmt, dry_run=True)
    if form.apply.data and not report.problems:
        applied = _run(text, name, fmt, dry_run=False)
        flash(
            ngettext(
                "Imported: %(num)s record read, nothing refused.",
                "Imported: %(num)s records read, nothing refused.",
                len(applied.changes),
            ),
            "info",
        )
        return redirect(url_for("coordinator.index"))
    groups = {kind: [c for c in report.changes if c.kind == kind] for kind in KIND_ORDER}
    # The preview carries the text, and the format it was read in, to the "apply" step.
    form.text.data, form.fmt.data = text, fmt
    return render_template(
        "directory/coordinator/import.html",
        form=form,
        report=report,
        groups=groups,
        name=name,
    ), (422 if report.problems else 200)
