"""The base form every form in letters derives from, and what choices' labels share."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import SelectChoice


def lazy_number(value: float) -> LazyString:
    """``value`` in the reader's number format when shown (99,1 in Russian), for a label made
    once at import from the layout tables."""
    return LazyString(format_decimal, value)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """A CSRF-protected form whose text fields arrive without surrounding whitespace."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Letter text keeps its own spacing: fields opt out with render_kw/filters of their own.
            filters = unbound_field.kwargs.get("filters", [])
            if not unbound_field.kwargs.pop("keep_whitespace", False):
                filters = [_strip, *filters]
            return unbound_field.bind(form=form, filters=filters, **options)


def russian_choice(value: str, label: str) -> SelectChoice:
    """An option whose label is Russian (a region, a facility), marked so on English pages for
    screen readers."""
    return SelectChoice(value, label, render_kw={"lang": "ru"})
