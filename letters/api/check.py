"""``POST /api/v1/check``: the live check behind the letter form."""

from __future__ import annotations

from flask_babel import gettext as _

from letters.api import api_blueprint, api_limit
from letters.api.errors import ApiError, json_body
from letters.extensions import limiter
from letters.i18n import current_locale
from letters.language import check

bp = api_blueprint("language_api", __name__)


def checked_request() -> dict:
    """Check the request's ``{"text": …}``: the same object as ``letters check --json``, for
    every route that runs the live check (this one, and the evening's own)."""
    text = json_body("text")["text"]
    if not isinstance(text, str):
        raise ApiError(422, _("text must be a string."), "invalid_field")
    return check(text.replace("\r\n", "\n"), current_locale()).to_dict()


@bp.post("/check")
@limiter.limit(api_limit)
def check_letter():
    """Check ``{"text": …}``; the answer is the same object as ``letters check --json``."""
    return checked_request()
