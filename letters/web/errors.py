"""Friendly error pages in the visitor's language, and JSON errors under /api/."""

from __future__ import annotations

from flask import Flask, current_app, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from letters.api.errors import ApiError, error_response, is_api_request
from letters.extensions import db
from letters.logs import log_failure

ERROR_TEXTS = {
    400: (
        _l("This request could not be understood"),
        _l("Something in what was sent is missing or malformed. Go back and try again."),
    ),
    403: (
        _l("You cannot open this page"),
        _l("This page is for volunteers and coordinators. Log in with an account that has access."),
    ),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. It may have moved, or the link may be mistyped."),
    ),
    405: (
        _l("This action is not allowed here"),
        _l("The page does not accept this kind of request."),
    ),
    409: (
        _l("This cannot be done now"),
        _l(
            "The letter cannot go this way at the moment, for example because no postal "
            "address is known. Go back: your text is kept in this browser."
        ),
    ),
    413: (
        _l("What you sent is too large"),
        _l("Send less at once, or split it into several parts."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Please wait a minute before trying again."),
    ),
    503: (
        _l("The site is busy for a moment"),
        _l("Nothing you typed is lost: it is kept in this browser. Please try again in a moment."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you typed is lost in your browser. Please try again in a few minutes."),
    ),
}

NUL_TEXT = _l(
    "What you sent contains an invisible NUL character, which cannot be stored. It often "
    "comes from copying out of another program: type that part again and send it once more."
)

CSRF_TEXT = _l(
    "The form had expired or came from another site. "
    "Your text is kept in this browser: reload the page and send it again."
)


# SQLite "database is locked" (another writer held the lock past busy_timeout); PostgreSQL
# lock_not_available, serialization_failure, deadlock_detected: all pass if tried again.
BUSY_SQLSTATES = {"55P03", "40001", "40P01"}
RETRY_AFTER_SECONDS = 5


def is_busy(error: OperationalError) -> bool:
    """True when the database refused only because it was busy: the request may be repeated."""
    original = error.orig
    if getattr(original, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return type(original).__module__.startswith("sqlite3") and "locked" in str(original)


def _rollback() -> None:
    # A failed statement leaves the session unusable (PostgreSQL: PendingRollbackError), and the
    # error page itself reads the session (the logged-in account).
    try:
        db.session.rollback()
    except Exception as error:  # the connection itself is gone: the page must still render
        log_failure(current_app.logger, error, "rollback after an error failed")


def refuse_nul_characters():
    """Answer 400 when the path or any submitted value holds a NUL: PostgreSQL cannot store or
    compare it in text (a short link or code in the path is looked up in the database)."""
    submitted = [*request.args.lists(), *request.form.lists()]
    if "\x00" in request.path or any(
        "\x00" in value for _name, values in submitted for value in values
    ):
        return _render(400, str(NUL_TEXT))
    return None


def _render(status: int, detail: str | None = None):
    _rollback()
    title, text = ERROR_TEXTS.get(status, ERROR_TEXTS[500])
    if is_api_request():
        return error_response(status, detail or str(title))
    return render_template(
        "errors/error.html", status=status, title=title, text=detail or text
    ), status


def init_app(app: Flask) -> None:
    """Register handlers so no visitor ever sees a bare error or a traceback."""
    app.before_request(refuse_nul_characters)

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _render(400, str(CSRF_TEXT))

    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return error_response(error.status, error.message, error.code)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _render(error.code or 500)

    @app.errorhandler(OperationalError)
    def database_error(error: OperationalError):
        if not is_busy(error):
            return unexpected_error(error)
        current_app.logger.warning("database busy on %s %s", request.method, request.path)
        response = make_response(_render(503))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log_failure(app.logger, error, "unhandled error on %s %s", request.method, request.path)
        return _render(InternalServerError.code)
