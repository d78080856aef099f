"""The base form every form in letters derives from."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice


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
