"""Reports of an inaccuracy: filing one, the open ones, closing one, and why a record needs a look.

The pages (:mod:`letters.reports.views`) read forms and show results; the work is here, on a
plain SQLAlchemy session. Open reports join the coordinators' attention list through
``letters.directory.signals.attention_reasons`` (connected in ``letters.reports.init_app``).
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from letters.database import utcnow
from letters.directory.models import Prisoner
from letters.reports.forms import KIND_LABELS
from letters.reports.models import InaccuracyReport, ReportKind


def file_report(
    session: Session, prisoner: Prisoner, kind: ReportKind, note: str | None
) -> InaccuracyReport:
    """Record a supporter's report about ``prisoner``'s record; commit."""
    report = InaccuracyReport(prisoner=prisoner, kind=kind, note=note or None)
    session.add(report)
    session.commit()
    return report


def open_reports(session: Session) -> list[InaccuracyReport]:
    """Every report nobody has handled yet, oldest first."""
    query = (
        select(InaccuracyReport)
        .where(InaccuracyReport.handled_at.is_(None))
        .order_by(InaccuracyReport.created_at)
    )
    return list(session.scalars(query))


def mark_handled(session: Session, report: InaccuracyReport) -> None:
    """Close ``report`` once the record is checked (closing it again changes nothing); commit."""
    if report.handled_at is None:
        report.handled_at = utcnow()
        session.commit()


def report_reasons(session: Session) -> dict[int, list[str]]:
    """Prisoner id → one line per open report, in the visitor's language."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for report in open_reports(session):
        reasons[report.prisoner_id].append(
            _("A supporter reports: %(kind)s.", kind=KIND_LABELS[report.kind])
        )
    return reasons
