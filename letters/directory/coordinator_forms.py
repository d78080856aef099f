"""Forms of the coordinator pages: prisoners, facilities, transfers and merging duplicates."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from letters.directory.forms import SEARCH_HINT, SEARCH_LABEL
from letters.directory.models import FacilityKind, is_web_url
from letters.directory.presenter import STATUS_LABELS
from letters.directory.services import FORWARDING, load_services
from letters.forms import BaseForm, russian_choice
from letters.i18n import current_locale
from letters.once import OnceField

EARLIEST_BIRTH_YEAR = 1900

FACILITY_KIND_LABELS = {
    FacilityKind.SIZO: _l("remand prison (SIZO)"),
    FacilityKind.IK: _l("penal colony (IK)"),
    FacilityKind.LIU: _l("medical correctional facility (LIU)"),
    FacilityKind.KP: _l("colony-settlement (KP)"),
    FacilityKind.IC: _l("correctional centre (IC)"),
    FacilityKind.PRISON: _l("prison"),
    FacilityKind.OTHER: _l("other"),
}

# Where a transfer form can send a prisoner.
TO_FACILITY = "facility"
TO_UNKNOWN = "unknown"
TO_RELEASED = "released"
TO_DECEASED = "deceased"


class OwnParseMessage:
    """Mixin: a value that cannot be read gets our message, in the user's language."""

    def __init__(self, label=None, validators=None, *, invalid_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(str(self.invalid_message or exc)) from exc


class WholeNumberField(OwnParseMessage, IntegerField):
    """A whole number in a text input (not type=number), so a mistyped value is shown as typed."""

    widget = TextInput()


class DayField(OwnParseMessage, DateField):
    """A date (YYYY-MM-DD)."""


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (rendered in a fieldset by the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def service_choices(*, e_letters_only: bool = False) -> list[SelectChoice]:
    """The known services (or only the e-letter ones), named in the visitor's language."""
    locale = current_locale()
    return [
        SelectChoice(s.id, s.display_name(locale))
        for s in load_services().values()
        if not (e_letters_only and s.kind == FORWARDING)
    ]


def status_choices() -> list[SelectChoice]:
    """Every prisoner status, labelled in the visitor's language."""
    return [SelectChoice(s.value, gettext(label)) for s, label in STATUS_LABELS.items()]


def _date_message():
    return _l("Enter the date as YYYY-MM-DD, e.g. 2024-03-15.")


def _without_spaces(value):
    # «403 882» and «403882» are the same postcode.
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


WEB_ADDRESS_MESSAGE = _l("Enter a full web address starting with https://.")


def _web_address(_form, field) -> None:
    # WTForms' URL() takes any scheme, "javascript://…" included.
    if field.data and not is_web_url(field.data):
        raise ValidationError(WEB_ADDRESS_MESSAGE)


def _not_in_future(form, field) -> None:
    if field.data and field.data > date.today():
        raise ValidationError(_l("The date cannot be in the future."))


class PrisonerForm(BaseForm):
    """Everything the directory says about a prisoner, except where they are held."""

    once = OnceField()  # a new record is made once, however often the form is sent

    surname = StringField(
        _l("Surname"),
        validators=[DataRequired(_l("Enter the surname.")), Length(max=120)],
        render_kw={"lang": "ru", "autocomplete": "off"},
    )
    first_name = StringField(
        _l("First name"),
        validators=[DataRequired(_l("Enter the first name.")), Length(max=120)],
        render_kw={"lang": "ru", "autocomplete": "off"},
    )
    patronymic = StringField(
        _l("Patronymic (optional)"),
        validators=[Optional(), Length(max=120)],
        render_kw={"lang": "ru", "autocomplete": "off"},
    )
    dative_name = StringField(
        _l("Name for the envelope, in the dative case"),
        validators=[Optional(), Length(max=400)],
        render_kw={"lang": "ru", "autocomplete": "off", "placeholder": "Миронову Сергею"},
    )
    name_latin = StringField(
        _l("Name in Latin letters (optional)"),
        validators=[Optional(), Length(max=400)],
        render_kw={"autocomplete": "off"},
    )
    gender = RadioField(
        _l("Gender"),
        choices=[
            SelectChoice("", _l("not known")),
            SelectChoice("m", _l("male")),
            SelectChoice("f", _l("female")),
        ],
        default="",
        validate_choice=True,
    )
    birth_year = WholeNumberField(
        _l("Year of birth (optional)"),
        validators=[Optional()],
        invalid_message=_l("Enter the year of birth as four digits, e.g. 1981."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    birth_date = DayField(
        _l("Date of birth (optional)"),
        validators=[Optional(), _not_in_future],
        invalid_message=_date_message(),
    )
    status = SelectField(_l("Status"), choices=[])
    address_presumed = BooleanField(_l("The address is presumed, not confirmed"))
    verified_on = DayField(
        _l("Address last checked on (optional)"),
        validators=[Optional(), _not_in_future],
        invalid_message=_date_message(),
    )
    source_url = URLField(
        _l("Source (optional)"),
        validators=[
            Optional(),
            Length(max=500),
            URL(message=WEB_ADDRESS_MESSAGE),
            _web_address,
        ],
        render_kw={"placeholder": "https://"},
    )
    services = CheckboxesField(_l("Ways to write besides a paper letter"), choices=[])
    summary = TextAreaField(
        _l("Summary (optional)"),
        validators=[Optional(), Length(max=5000)],
        render_kw={"rows": 5},
    )
    interests = TextAreaField(
        _l("Interests (optional)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Save"))
    submit_reviewed = SubmitField(_l("Save and mark as reviewed"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = status_choices()
        self.services.choices = service_choices()

    def validate_birth_year(self, field) -> None:
        if field.data is None:
            return
        if not EARLIEST_BIRTH_YEAR <= field.data <= date.today().year:
            raise ValidationError(
                gettext(
                    "Enter a year of birth from %(low)s to %(high)s.",
                    low=EARLIEST_BIRTH_YEAR,
                    high=date.today().year,
                )
            )

    def validate_birth_date(self, field) -> None:
        year = self.birth_year.data
        if field.data and year and field.data.year != year:
            raise ValidationError(_l("The date of birth is not in the year of birth given."))


class FacilityForm(BaseForm):
    """A place of detention and its postal address."""

    once = OnceField()  # a new facility is made once, however often the form is sent

    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(k.value, label) for k, label in FACILITY_KIND_LABELS.items()],
        default=FacilityKind.OTHER.value,
    )
    name = StringField(
        _l("Official name"),
        validators=[DataRequired(_l("Enter the facility's official name.")), Length(max=300)],
        render_kw={"lang": "ru", "autocomplete": "off"},
    )
    region = StringField(
        _l("Region"), validators=[Optional(), Length(max=120)], render_kw={"lang": "ru"}
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[
            Optional(),
            Regexp(r"^[0-9]{6}$", message=_l("A Russian postcode is six digits, e.g. 403882.")),
        ],
        filters=[_without_spaces],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    district = StringField(
        _l("District (optional)"),
        validators=[Optional(), Length(max=120)],
        render_kw={"lang": "ru"},
    )
    locality = StringField(
        _l("Town or village"), validators=[Optional(), Length(max=120)], render_kw={"lang": "ru"}
    )
    street = StringField(
        _l("Street (optional)"), validators=[Optional(), Length(max=200)], render_kw={"lang": "ru"}
    )
    house = StringField(
        _l("House (optional)"), validators=[Optional(), Length(max=40)], render_kw={"lang": "ru"}
    )
    building = StringField(
        _l("Building (optional)"), validators=[Optional(), Length(max=40)], render_kw={"lang": "ru"}
    )
    name_en = StringField(
        _l("Name in English (optional)"), validators=[Optional(), Length(max=300)]
    )
    address_en = TextAreaField(
        _l("Address in English (optional)"),
        validators=[Optional(), Length(max=400)],
        render_kw={"rows": 3},
    )
    services = CheckboxesField(_l("E-letter services that reach this facility"), choices=[])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.services.choices = service_choices(e_letters_only=True)


class ServicePageForm(BaseForm):
    """The facility's own page on a service (an empty address removes the one recorded)."""

    service = SelectField(_l("Service"), choices=[])
    url = URLField(
        _l("The facility's page on it"),
        validators=[Optional(), Length(max=500), _web_address],
        render_kw={"placeholder": "https://", "autocomplete": "off"},
    )
    save_page = SubmitField(_l("Save the page"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service.choices = service_choices()


class AddressPasteForm(BaseForm):
    """A pasted address block, split into the facility form's fields (nothing is saved)."""

    text = TextAreaField(
        _l("Address as published"),
        validators=[DataRequired(_l("Paste an address first."))],
        render_kw={"rows": 6, "lang": "ru"},
    )
    fill = SubmitField(_l("Fill in the form from this address"))


class TransferForm(BaseForm):
    """Where a prisoner went: another facility, an unknown one, release or death."""

    once = OnceField()  # the move is recorded once, however often the form is sent

    destination = RadioField(
        _l("What happened"),
        choices=[
            SelectChoice(TO_FACILITY, _l("Moved to a facility in the directory")),
            SelectChoice(TO_UNKNOWN, _l("Transferred, new address unknown")),
            SelectChoice(TO_RELEASED, _l("Released")),
            SelectChoice(TO_DECEASED, _l("Died")),
        ],
        validators=[InputRequired(_l("Choose what happened."))],
    )
    facility = SelectField(_l("New facility"), choices=[], validate_choice=False)
    presumed = BooleanField(_l("The new address is presumed, not confirmed"))
    on = DayField(
        _l("Date"),
        validators=[InputRequired(_l("Enter the date.")), _not_in_future],
        invalid_message=_date_message(),
        default=date.today,
    )
    note = StringField(
        _l("Note (optional)"),
        validators=[Optional(), Length(max=500)],
        render_kw={"placeholder": _l("e.g. where the news came from")},
    )
    submit = SubmitField(_l("Record"))

    def set_facilities(self, facilities) -> None:
        """Offer the directory's facilities, by region then name."""
        self.facility.choices = [
            SelectChoice("", _l("Choose a facility")),
            *(
                russian_choice(str(f.id), f"{f.name} — {f.region}" if f.region else f.name)
                for f in facilities
            ),
        ]
        self._facility_ids = {str(f.id) for f in facilities}

    def validate_facility(self, field) -> None:
        if self.destination.data != TO_FACILITY:
            return
        if not field.data:
            raise ValidationError(_l("Choose the facility the person was moved to."))
        if field.data not in getattr(self, "_facility_ids", ()):
            raise ValidationError(_l("Choose one of the facilities in the list."))


class PrisonerSearchForm(BaseForm):
    """Find prisoners as the public search does (a GET form: nothing to protect, results can be
    bookmarked)."""

    class Meta:
        csrf = False

    q = SearchField(SEARCH_LABEL, description=SEARCH_HINT, render_kw={"autocomplete": "off"})
    search = SubmitField(_l("Search"))


class MergeForm(BaseForm):
    """Two records of the same person: which one stays."""

    first = HiddenField(validators=[DataRequired()])
    second = HiddenField(validators=[DataRequired()])
    keep = RadioField(
        _l("Record to keep"),
        choices=[],
        validators=[InputRequired(_l("Choose the record to keep."))],
    )
    submit = SubmitField(_l("Merge the records"))

    def set_records(self, first, second) -> None:
        """Offer the two records, by name and number."""
        self.keep.choices = [
            SelectChoice(str(p.id), gettext("No. %(id)s: %(name)s", id=p.id, name=p.full_name))
            for p in (first, second)
        ]
