"""The report form (CSRF-protected like every form; no account needed)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from letters.forms import BaseForm
from letters.once import OnceField
from letters.reports.models import ReportKind

KIND_LABELS = {
    ReportKind.WRONG_ADDRESS: _l("The address is wrong"),
    ReportKind.TRANSFERRED: _l("The person has been transferred"),
    ReportKind.RELEASED: _l("The person has been released"),
    ReportKind.OTHER: _l("Something else"),
}
NOTE_MAX = 1000


class ReportForm(BaseForm):
    """What is wrong, and optionally how the supporter knows."""

    once = OnceField()  # sent twice, filed once

    kind = RadioField(
        _l("What is wrong?"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validators=[DataRequired(_l("Choose what is wrong."))],
    )
    note = TextAreaField(
        _l("Details (optional)"),
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=_l("Keep it under %(max)d characters.", max=NOTE_MAX)),
        ],
        render_kw={"rows": 4},
    )
    submit = SubmitField(_l("Send the report"))


class HandledForm(BaseForm):
    """A coordinator marks a report as dealt with."""

    submit = SubmitField(_l("Mark as handled"))
