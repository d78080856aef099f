"""Headers that keep pages from loading or leaking anything to other hosts."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from flask import Flask, Request, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError

# Only this origin; no inline script (scripts are files under /static), no framing.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-src 'self' blob:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Writers may be at risk: another site must not learn that a visitor came from here, not
    # even our bare origin (which strict-origin-when-cross-origin would still send). same-origin
    # keeps the Referer for our own pages only, so a form post can prove where it came from
    # (no-referrer made browsers send none and "Origin: null", and every HTTPS post failed).
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# Request bodies these endpoints read at most (the app-wide cap is MAX_CONTENT_LENGTH): an
# address is a few lines; a letter at most MAX_INPUT_CHARS, JSON-escaped.
BODY_CAPS = {
    "directory_api.parse_address_endpoint": 16 * 1024,
    "language_api.check_letter": 1024 * 1024,
}


def cap_body_size() -> None:
    """Lower the body-size cap for endpoints that need little, or raise it for a view that takes
    uploads (its ``max_content_length`` attribute), before anything reads the body."""
    view = current_app.view_functions.get(request.endpoint or "")
    cap = getattr(view, "max_content_length", None) or BODY_CAPS.get(request.endpoint or "")
    if cap is not None:
        request.max_content_length = cap


def _origin_of(url: str | None) -> tuple[str, str] | None:
    if not url or url == "null":
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # «https://[::1»: not an address at all, so no origin
        return None
    if not parts.scheme or not parts.netloc:
        return None
    return parts.scheme.lower(), parts.netloc.lower().removesuffix(":443")


def check_same_origin() -> None:
    """Over HTTPS, a form post must say it came from this site (Origin, else Referer).

    Flask-WTF's own check (WTF_CSRF_SSL_STRICT) insists on a Referer, which privacy settings
    and extensions may strip; browsers send Origin on every POST. A request without either,
    with ``Origin: null`` (whatever its Referer says) or with an address that cannot be read,
    is refused like a missing CSRF token.
    """
    if not (request.is_secure and g.get("csrf_valid")):
        return  # plain HTTP (development), or not a form Flask-WTF checked (the JSON API)
    own = ("https", request.host.lower().removesuffix(":443"))
    origin = request.headers.get("Origin")
    claimed = _origin_of(origin) if origin is not None else _origin_of(request.referrer)
    if claimed != own:
        raise CSRFError("The form did not come from this site.")


class InMemoryUploadsRequest(Request):
    """A request whose uploaded files stay in memory (the body is capped, see above).

    Werkzeug writes a file of more than 500 KB to a temporary file: a reply's scans would leave
    a prisoner's handwriting on the server's disk, where no purge reaches it."""

    def _get_file_stream(
        self, total_content_length, content_type, filename=None, content_length=None
    ):
        return io.BytesIO()


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        # Only called while saving the session, which happens inside a request.
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_app(app: Flask) -> None:
    """Install the session interface and the headers."""
    app.session_interface = HttpsAwareSessionInterface()
    app.request_class = InMemoryUploadsRequest
    # Our Origin/Referer check replaces Flask-WTF's Referer-only one; it runs after Flask-WTF's
    # token check (registered earlier), which marks the requests it validated.
    app.config["WTF_CSRF_SSL_STRICT"] = False
    app.before_request(check_same_origin)
    # Before every before_request function: Flask-WTF's CSRF check reads the form, and so the
    # body, in one of them (url value preprocessors run first).
    app.url_value_preprocessor(lambda _endpoint, _values: cap_body_size())

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static":
            # Pages carry letters, addresses, reports and what was searched for: no cache, the
            # browser's own included, may keep one (a shared or seized computer). One rule for
            # every page, so that no new page is missed; static files have their own.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
