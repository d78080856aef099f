"""Directory API: the same data as the pages, and the address parser."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _

from letters.api import api_blueprint, api_limit
from letters.api.errors import ApiError, json_body
from letters.directory.address import AddressParseError, parse_address
from letters.directory.models import Prisoner, PrisonerRedirect
from letters.directory.pages import card_for
from letters.directory.search import Filters, search_prisoners
from letters.directory.views import STATUSES
from letters.extensions import db, limiter
from letters.i18n import current_locale

bp = api_blueprint("directory_api", __name__)

MAX_RESULTS = 100


def _int_arg(name: str, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    # isascii: "²".isdigit() is true, and int("²") fails.
    if not (raw.isascii() and raw.isdecimal()) or not low <= int(raw) <= high:
        raise ApiError(
            400,
            _(
                "%(name)s must be a whole number from %(low)s to %(high)s.",
                name=name,
                low=low,
                high=high,
            ),
            "invalid_parameter",
        )
    return int(raw)


@bp.get("/prisoners")
def list_prisoners():
    """Search: ``q`` (a name, town or facility), ``region``, ``facility_id``, ``status``,
    ``birthday_days``, ``limit``."""
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        raise ApiError(400, _("Unknown status: %(status)s.", status=status), "invalid_parameter")
    filters = Filters(
        facility_id=_int_arg("facility_id", 1, 2**31 - 1),
        region=request.args.get("region") or None,
        status=STATUSES.get(status or ""),
        birthday_within_days=_int_arg("birthday_days", 0, 366),
    )
    limit = _int_arg("limit", 1, MAX_RESULTS) or 50
    found = search_prisoners(db.session, request.args.get("q", ""), filters, limit=limit)
    return {"prisoners": [card_for(p).to_dict() for p in found]}


@bp.get("/prisoners/<int:prisoner_id>")
def get_prisoner(prisoner_id: int):
    """One prisoner."""
    prisoner = db.session.get(Prisoner, prisoner_id)
    if prisoner is None:
        moved = db.session.get(PrisonerRedirect, prisoner_id)
        if moved is not None:  # merged into another record
            return redirect(url_for(".get_prisoner", prisoner_id=moved.prisoner_id), 301)
        raise ApiError(404, _("No prisoner with this id."), "not_found")
    return card_for(prisoner).to_dict()


@bp.post("/addresses/parse")
@limiter.limit(api_limit)
def parse_address_endpoint():
    """Split ``{"text": …}`` into address parts; 422 with the reason when it cannot."""
    text = json_body("text")["text"]
    if not isinstance(text, str):
        raise ApiError(422, _("text must be a string."), "invalid_field")
    try:
        parsed = parse_address(text)
    except AddressParseError as error:
        raise ApiError(422, error.message(current_locale()), "unreadable_address") from None
    result = parsed.to_dict()
    result["warnings"] = [
        {"code": w.code, "message": w.message(current_locale())} for w in parsed.warnings
    ]
    # ``unplaced`` (in to_dict) lists the words not understood; this says what to do about them.
    result["unplaced_message"] = parsed.unplaced_message(current_locale())
    return result
