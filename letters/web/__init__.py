"""The public pages, the security headers every response gets, and the error pages."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from letters.database import MAX_ID
from letters.web import errors, security
from letters.web.views import bp


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in every URL: an id the database can hold, else the URL matches nothing (404).

    Without the bound, /prisoners/9223372036854775808 reached the database and failed there.
    """

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_routing(app: Flask) -> None:
    """Install the bounded ``int`` converter; before any blueprint adds a rule that uses it."""
    app.url_map.converters["int"] = BoundedIntConverter


def init_app(app: Flask) -> None:
    """Register the public pages, headers and error handlers."""
    app.register_blueprint(bp)
    security.init_app(app)
    errors.init_app(app)
