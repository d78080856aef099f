"""UI language: chosen by the visitor (kept in the session), else Accept-Language, else default."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import get_locale

from letters.extensions import babel
from letters.messages import TRANSLATIONS_DIR, StoredMessage

bp = Blueprint("i18n", __name__)

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}


def select_locale() -> str:
    """The locale for this request; a command or a job speaks the default language."""
    if not has_request_context():
        return current_app.config["DEFAULT_LOCALE"]
    supported = current_app.config["LOCALES"]
    chosen = session.get("lang")
    if chosen in supported:
        return chosen
    return request.accept_languages.best_match(supported) or current_app.config["DEFAULT_LOCALE"]


def current_locale() -> str:
    """The active locale as a language code (``ru`` or ``en``)."""
    return str(get_locale() or current_app.config["DEFAULT_LOCALE"])


@bp.post("/language")
def choose_language():
    """Remember the visitor's language and return to the page they were on."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LOCALES"]:
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")))


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would let a link pose as this site. Browsers read
    # "/\\host" as "//host", and a line break cannot go into the Location header at all.
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and target.isprintable()
        and "\\" not in target
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("web.home")


def stored_message(note: object) -> str:
    """A note kept as a code (:class:`StoredMessage`, or its JSON) in the page's language;
    any other text (older notes, a coordinator's own words) as it is."""
    if not note:
        return ""
    message = note if isinstance(note, StoredMessage) else StoredMessage.loads(str(note))
    return message.message(current_locale())


def init_app(app: Flask) -> None:
    """Bind Flask-Babel to the package's catalogues and add the language switch."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS_DIR),
    )
    app.register_blueprint(bp)
    app.jinja_env.globals.update(LANGUAGE_NAMES=LANGUAGE_NAMES, current_locale=current_locale)
