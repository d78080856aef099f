"""Volunteer forms: creating a batch and recording what happened to it."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from letters.database import parse_id
from letters.forms import BaseForm, lazy_number
from letters.once import OnceField
from letters.pdf.layout import (
    DEFAULT_ENVELOPE,
    LABEL_OUTPUTS,
    LABEL_SHEETS,
    MAX_LABELS_PER_SHEET,
    NO_ENVELOPES,
    OUTPUTS,
    LabelSheet,
)

TRACKING_LINE = re.compile(r"^\s*([2-9A-Z]{4}-?[2-9A-Z]{4})\s+(\S+)\s*$", re.IGNORECASE)


def _label_sheet_name(sheet: LabelSheet):
    """«Label sheet 2 × 7 (99.1 × 38.1 mm)», from the layout table."""
    return _l(
        "Label sheet %(columns)s × %(rows)s (%(width)s × %(height)s mm)",
        columns=sheet.columns,
        rows=sheet.rows,
        width=lazy_number(sheet.label_width),
        height=lazy_number(sheet.label_height),
    )


# The outputs that need a description (an envelope is known by its name).
OUTPUT_NAMES = {
    **{output: _label_sheet_name(LABEL_SHEETS[name]) for output, name in LABEL_OUTPUTS.items()},
    NO_ENVELOPES: _l("Letters only"),
}
# What a batch prints beside the letters, as the batch form and the evening's print form offer it.
OUTPUT_CHOICES = [SelectChoice(output, OUTPUT_NAMES.get(output, output)) for output in OUTPUTS]


class BatchForm(BaseForm):
    """Which letters to take, and how to print them."""

    once = OnceField()

    which = SelectField(
        _l("Letters"),
        choices=[
            SelectChoice("all", _l("All printable letters")),
            SelectChoice("region", _l("Letters to one region")),
            SelectChoice("facility", _l("Letters to one facility")),
        ],
        default="all",
    )
    region = SelectField(_l("Region"), choices=[], validate_choice=False)
    facility_id = SelectField(_l("Facility"), choices=[], validate_choice=False)
    oldest = IntegerField(
        _l("At most (oldest first)"),
        validators=[Optional(), NumberRange(1, 5000, _l("Enter a number from 1 to 5000."))],
    )
    envelope_format = SelectField(
        _l("Envelopes or labels"),
        choices=OUTPUT_CHOICES,
        default=DEFAULT_ENVELOPE,
    )
    start_label = IntegerField(
        _l("Start at label number"),
        default=1,
        validators=[
            Optional(),
            NumberRange(1, MAX_LABELS_PER_SHEET, _l("A sheet has at most %(max)d labels.")),
        ],
    )
    duplex = BooleanField(_l("Print on both sides (each letter starts on a new sheet)"))

    def validate_region(self, field) -> None:
        if self.which.data == "region" and not field.data:
            raise ValidationError(_l("Choose the region."))

    def validate_facility_id(self, field) -> None:
        if self.which.data == "facility" and parse_id(field.data) is None:
            raise ValidationError(_l("Choose the facility."))


class PostedForm(BaseForm):
    """The day the batch went to the post office, and registered-mail numbers."""

    posted_on = DateField(_l("Posted on"), validators=[Optional()])
    tracking = TextAreaField(
        _l("Tracking numbers (optional): one per line, the letter's code then the number"),
        validators=[Optional()],
        render_kw={"rows": 4, "placeholder": "K7QM-4ZPA RA123456789RU"},
    )

    def tracking_numbers(self) -> dict[str, str]:
        """Reference code → tracking number, from the validated text."""
        numbers = {}
        for line in (self.tracking.data or "").splitlines():
            match = TRACKING_LINE.match(line)
            if match:
                code = match[1].upper().replace("-", "")
                numbers[f"{code[:4]}-{code[4:]}"] = match[2]
        return numbers

    def validate_tracking(self, field) -> None:
        bad = [
            line
            for line in (field.data or "").splitlines()
            if line.strip() and not TRACKING_LINE.match(line)
        ]
        if bad:
            raise ValidationError(
                _l("Cannot read: %(line)s. Write the code, a space, then the number.", line=bad[0])
            )


class HeldLetterForm(BaseForm):
    """Correct what holds a letter back, then put it back in the queue (checked again)."""

    address_text = TextAreaField(
        _l("Recipient's address, as it goes on the envelope"),
        validators=[Optional(), Length(max=1000)],
    )
    sender_name = StringField(_l("Writer's name"), validators=[Optional(), Length(max=200)])
    sender_address = TextAreaField(
        _l("Writer's return address"), validators=[Optional(), Length(max=1000)]
    )


class ReturnedForm(BaseForm):
    """A posted letter came back: the reason stamped on it."""

    once = OnceField()  # the return is recorded once, however often the form is sent

    reason = SelectField(_l("Reason stamped on the envelope"), choices=[])
    note = StringField(
        _l("What is stamped or written on it (needed for “another reason”)"),
        validators=[Optional(), Length(max=200)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from letters.batches.returns import RETURN_REASONS

        self.reason.choices = [(code, _l(label)) for code, label in RETURN_REASONS.items()]

    def validate(self, extra_validators=None) -> bool:
        # Not a validate_note method: the Optional validator stops the chain on an empty note.
        if not super().validate(extra_validators):
            return False
        if self.reason.data == "other" and not (self.note.data or "").strip():
            self.note.errors = [*self.note.errors, _l("Write what is stamped on the envelope.")]
            return False
        return True
