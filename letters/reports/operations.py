"""Open reports on the coordinators' attention list (``directory.signals.attention_reasons``)."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from letters.reports.forms import KIND_LABELS
from letters.reports.models import InaccuracyReport


def report_reasons(session: Session) -> dict[int, list[str]]:
    """Prisoner id → one line per open report, in the visitor's language."""
    reasons: dict[int, list[str]] = defaultdict(list)
    query = (
        select(InaccuracyReport)
        .where(InaccuracyReport.handled_at.is_(None))
        .order_by(InaccuracyReport.created_at)
    )
    for report in session.scalars(query):
        reasons[report.prisoner_id].append(
            _("A supporter reports: %(kind)s.", kind=KIND_LABELS[report.kind])
        )
    return reasons
