"""Public pages for supporters: no account needed."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, session, url_for
from markupsafe import Markup, escape

from letters.directory.pages import card_for
from letters.directory.services import load_services
from letters.extensions import db
from letters.writing.suggestions import coming_birthdays, suggest_prisoner

bp = Blueprint("web", __name__)

STATIC_MAX_AGE = 365 * 24 * 3600  # versioned URLs change whenever the file does


@bp.record_once
def _setup(state) -> None:
    app = state.app
    # JSON carries Cyrillic as it is (Миронов), not as \u escapes.
    app.json.ensure_ascii = False

    @app.after_request
    def cache_versioned_static(response):
        if request.endpoint != "static":
            return response
        # A static file never depends on the session: Flask-Login's look at it must not add
        # "Vary: Cookie" (which would make caches keep one copy per visitor) or re-send it.
        if not session.modified:
            session.accessed = False
        # Only URLs made by static_url() carry ?v=: they can be kept for a year, unchecked.
        if request.args.get("v") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = STATIC_MAX_AGE
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response


@lru_cache(maxsize=64)
def _file_version(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


@bp.app_template_global()
def static_url(filename: str) -> str:
    """A static file's URL with a content hash, so browsers may cache it for a year."""
    path = Path(current_app.static_folder or "", filename)
    try:
        version = _file_version(str(path), path.stat().st_mtime_ns)
    except OSError:
        return url_for("static", filename=filename)
    return url_for("static", filename=filename, v=version)


@bp.app_template_global()
def service_names(service_ids: list[str]) -> str:
    """The services' names in the page's language, comma-separated."""
    from letters.i18n import current_locale

    services = load_services()
    locale = current_locale()
    return ", ".join(services[s].display_name(locale) for s in service_ids if s in services)


def _day(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def long_date(value: date | str | None) -> str:
    """A date in the page's language, never ISO: «28 ноября 2026 г.», "November 28, 2026"."""
    from flask_babel import format_date

    return format_date(_day(value), "long") if value else ""


def dated(value: date | str | None) -> str:
    """A past date in the page's language with how long ago: «28 ноября 2026 г. (3 дня назад)»."""
    from flask_babel import format_date, format_timedelta
    from flask_babel import gettext as _

    if not value:
        return ""
    day = _day(value)
    age = day - today()
    ago = (
        _("today") if not age.days else format_timedelta(age, granularity="day", add_direction=True)
    )
    return f"{format_date(day, 'long')} ({ago})"


CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
LATIN_LETTER = re.compile(r"[A-Za-z]")


@bp.app_template_global()
def in_its_language(text: str | None) -> Markup:
    """Free text (a case summary) marked with its language when it is not the page's own.

    Summaries are kept in one language; a reader is told when it is not theirs.
    """
    from flask_babel import gettext as _

    from letters.i18n import current_locale

    if not text:
        return Markup("")
    language = (
        "ru" if len(CYRILLIC_LETTER.findall(text)) >= len(LATIN_LETTER.findall(text)) else "en"
    )
    if language == current_locale():
        return Markup(escape(text))
    note = _("(in Russian)") if language == "ru" else _("(in English)")
    return Markup('<span lang="%s">%s</span> <span class="muted small">%s</span>') % (
        language,
        text,
        note,
    )


@bp.app_template_global()
def ru(text: object) -> Markup:
    """Russian words (names, facilities) marked as Russian on pages in another language."""
    if text is None or text == "":
        return Markup("")
    from letters.i18n import current_locale

    if current_locale() == "ru":
        return Markup(escape(text))
    return Markup('<span lang="ru">%s</span>') % text


BIRTHDAY_WINDOW_DAYS = 75  # long enough to post a card from abroad in time


def today() -> date:
    """Today's date for the start page (one place, so tests can fix it)."""
    return date.today()


@bp.get("/")
def home():
    """The start page: search, someone who gets few letters, birthdays coming up."""
    suggestion = suggest_prisoner(db.session)
    birthdays = coming_birthdays(
        db.session,
        days=BIRTHDAY_WINDOW_DAYS,
        domestic_days=current_app.config["POSTING_DAYS_DOMESTIC"],
        abroad_days=current_app.config["POSTING_DAYS_ABROAD"],
        today=today(),
    )
    return render_template(
        "home.html",
        suggestion=card_for(suggestion) if suggestion else None,
        birthdays=[(b, card_for(b.prisoner)) for b in birthdays],
        today=today(),
    )


@bp.get("/about")
def about():
    """Who runs this, what is kept and for how long."""
    from letters.writing.compose import DRAFT_DAYS

    return render_template(
        "about.html", draft_days=DRAFT_DAYS, retention_days=current_app.config["RETENTION_DAYS"]
    )
