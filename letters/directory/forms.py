"""The search form (GET: nothing to protect with CSRF, and results can be bookmarked)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SearchField, SelectChoice, SelectField, SubmitField
from wtforms.validators import NumberRange, Optional

from letters.directory.presenter import STATUS_LABELS
from letters.forms import BaseForm, russian_choice

# What the search box searches (letters.directory.search), said beside every search box.
SEARCH_LABEL = _l("Name, town or facility")
SEARCH_HINT = _l(
    "Searches the name (in Russian or Latin letters), year of birth, the facility and its "
    "number, town, district, region and street. Every word must match."
)


class SearchForm(BaseForm):
    """Find a prisoner by name, region, status or coming birthday."""

    class Meta:
        csrf = False

    q = SearchField(
        SEARCH_LABEL,
        description=SEARCH_HINT,
        render_kw={
            "autocomplete": "off",
            "placeholder": _l("e.g. Миронов, Mironov, Камышин, ИК-7 Карелия"),
        },
    )
    region = SelectField(_l("Region"), choices=[], validate_choice=False)
    facility_id = SelectField(_l("Facility"), choices=[], validate_choice=False)
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    birthday_days = IntegerField(
        _l("Birthday within (days)"),
        validators=[
            Optional(),
            NumberRange(0, 366, _l("Enter a number of days from 0 to 366.")),
        ],
    )
    submit = SubmitField(_l("Search"))

    def set_choices(self, regions: list[str], facilities: list[tuple[int, str]] = ()) -> None:
        """Fill the drop-downs: regions and facilities present in the directory, statuses."""
        from flask_babel import gettext

        self.region.choices = [
            SelectChoice("", _l("Any region")),
            *(russian_choice(r, r) for r in regions),
        ]
        self.facility_id.choices = [
            SelectChoice("", _l("Any facility")),
            *(russian_choice(str(fid), name) for fid, name in facilities),
        ]
        self.status.choices = [
            SelectChoice("", _l("Any status")),
            *(SelectChoice(s.value, gettext(label)) for s, label in STATUS_LABELS.items()),
        ]
