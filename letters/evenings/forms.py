"""The organiser's forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from letters.batches.forms import OUTPUT_CHOICES
from letters.database import parse_id
from letters.evenings.models import DEFAULT_LETTER_LIMIT, MAX_LETTER_LIMIT
from letters.evenings.shortlist import MAX_SHORTLIST
from letters.forms import BaseForm, russian_choice
from letters.once import OnceField
from letters.pdf.layout import DEFAULT_ENVELOPE


class EveningForm(BaseForm):
    """A name, a date and how to build the shortlist."""

    once = OnceField()
    name = StringField(
        _l("Name of the evening"),
        validators=[DataRequired(_l("Give the evening a name.")), Length(max=200)],
    )
    held_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date."))])
    place = StringField(_l("Place (optional)"), validators=[Optional(), Length(max=200)])
    facility_id = SelectField(_l("Facility"), choices=[], validate_choice=False)
    region = SelectField(_l("Region"), choices=[], validate_choice=False)
    birthdays_from = DateField(_l("Birthdays from"), validators=[Optional()])
    birthdays_to = DateField(_l("Birthdays to"), validators=[Optional()])
    fewest_letters = BooleanField(_l("Those who have received the fewest letters first"))
    size = IntegerField(
        _l("How many people"),
        default=50,
        validators=[
            DataRequired(_l("Enter how many people to put on the list.")),
            NumberRange(1, MAX_SHORTLIST, _l("From 1 to %(max)s.", max=MAX_SHORTLIST)),
        ],
    )
    letter_limit = IntegerField(
        _l("Most letters participants may add in a day"),
        default=DEFAULT_LETTER_LIMIT,
        validators=[
            Optional(),  # left empty (or left out): the default
            NumberRange(1, MAX_LETTER_LIMIT, _l("From 1 to %(max)s.", max=MAX_LETTER_LIMIT)),
        ],
    )
    submit = SubmitField(_l("Create the evening"))

    def set_choices(self, facilities: list[tuple[int, str]], regions: list[str]) -> None:
        """Fill the drop-downs from the directory."""
        self.facility_id.choices = [
            SelectChoice("", _l("Any facility")),
            *(russian_choice(str(fid), name) for fid, name in facilities),
        ]
        self.region.choices = [
            SelectChoice("", _l("Any region")),
            *(russian_choice(r, r) for r in regions),
        ]

    def validate_facility_id(self, field) -> None:
        # The list is not enforced (validate_choice=False), so an id is checked here: "²" or
        # 2**31 would fail in the database, not name a facility.
        if field.data and parse_id(field.data) is None:
            raise ValidationError(_l("Choose a facility from the list."))

    def validate(self, extra_validators=None) -> bool:
        """The fields, then: both ends of the birthday range, or neither."""
        valid = super().validate(extra_validators)
        if bool(self.birthdays_from.data) != bool(self.birthdays_to.data):
            self.birthdays_to.errors = [
                *self.birthdays_to.errors,
                _l("Give both ends of the birthday range, or neither."),
            ]
            valid = False
        return valid


class EditEveningForm(EveningForm):
    """Name, date and place; who stays on the list, and how many more to add by the criteria."""

    once = None  # editing creates nothing
    keep = SelectMultipleField(
        _l("Who stays on the list"),
        coerce=int,
        choices=[],
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    size = IntegerField(
        _l("Add this many people who match (0: nobody)"),
        default=0,
        validators=[
            Optional(),
            NumberRange(0, MAX_SHORTLIST, _l("From 0 to %(max)s.", max=MAX_SHORTLIST)),
        ],
    )
    submit = SubmitField(_l("Save the evening"))


class PrintForm(BaseForm):
    """Print the whole evening in one batch."""

    once = OnceField()

    envelope_format = SelectField(
        _l("Envelopes or labels"),
        choices=OUTPUT_CHOICES,
        default=DEFAULT_ENVELOPE,
    )
    submit = SubmitField(_l("Print the evening's letters"))
