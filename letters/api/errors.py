"""One shape for every API error: ``{"error": {"code": ..., "message": ...}}``."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from letters.json_input import has_lone_surrogate

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "internal_error",
    503: "busy",
}


class ApiError(Exception):
    """Raise from an API view to answer with a specific code and message."""

    def __init__(self, status: int, message: str, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")


def is_api_request() -> bool:
    """True for requests under /api/, which must get JSON even when they fail."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str, code: str | None = None):
    """A JSON error response."""
    body = {"error": {"code": code or CODES.get(status, "error"), "message": message}}
    return jsonify(body), status


def json_body(*required: str) -> dict:
    """The request's JSON object, or an ApiError naming what is wrong with it."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # nested too deeply for the parser; silent=True catches ValueError only
        data = None
    if not isinstance(data, dict):
        raise ApiError(
            400, _("Send a JSON object with Content-Type: application/json."), "invalid_json"
        )
    if has_lone_surrogate(data):  # a "\ud800" escape: no page, log or PDF can hold it
        message = _("The text holds a broken character (a lone surrogate): send it as UTF-8.")
        raise ApiError(400, message, "invalid_text")
    missing = [name for name in required if name not in data]
    if missing:
        raise ApiError(
            422, _("Missing field(s): %(names)s.", names=", ".join(missing)), "missing_field"
        )
    return data
