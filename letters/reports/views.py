"""Report an inaccuracy (supporters), and see and handle reports (coordinators)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from letters.auth.access import role_required
from letters.auth.models import Role
from letters.directory.models import Prisoner
from letters.extensions import db, limiter
from letters.once import AlreadyDone, claim, settle
from letters.reports import operations
from letters.reports.forms import KIND_LABELS, HandledForm, ReportForm
from letters.reports.models import InaccuracyReport, ReportKind

bp = Blueprint("reports", __name__)


def _report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


@bp.route("/prisoners/<int:prisoner_id>/report", methods=["GET", "POST"])
@limiter.limit(_report_limit, methods=["POST"])
def report(prisoner_id: int):
    """Tell the coordinators that something on a prisoner's page is wrong."""
    prisoner = db.session.get(Prisoner, prisoner_id) or abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            claim(db.session, form.once.data)
        except AlreadyDone:  # sent twice: the report is filed once
            return redirect(url_for("directory.prisoner_page", prisoner_id=prisoner.id))
        settle(db.session, form.once.data, str(prisoner.id))
        operations.file_report(db.session, prisoner, ReportKind(form.kind.data), form.note.data)
        flash(_("Thank you. A coordinator will check the record."), "info")
        return redirect(url_for("directory.prisoner_page", prisoner_id=prisoner.id))
    return render_template("reports/report.html", form=form, prisoner=prisoner), (
        422 if form.errors else 200
    )


@bp.get("/coordinate/reports")
@role_required(Role.COORDINATOR)
def open_reports():
    """Every open report, oldest first, with a link to the record."""
    return render_template(
        "reports/list.html",
        reports=operations.open_reports(db.session),
        kind_labels=KIND_LABELS,
        form=HandledForm(),
    )


@bp.post("/coordinate/reports/<int:report_id>/handled")
@role_required(Role.COORDINATOR)
def handled(report_id: int):
    """Close a report once the record is checked."""
    form = HandledForm()
    if not form.validate_on_submit():
        abort(400)
    operations.mark_handled(db.session, db.session.get(InaccuracyReport, report_id) or abort(404))
    flash(_("The report was marked as handled."), "info")
    return redirect(url_for(".open_reports"))
