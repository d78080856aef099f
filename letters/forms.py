"""The base form every form in letters derives from."""

from __future__ import annotations

from flask_wtf import FlaskForm


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
