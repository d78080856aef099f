"""Public pages for supporters: no account needed."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template

from letters.directory.views import card_for
from letters.extensions import db
from letters.writing.suggestions import coming_birthdays, suggest_prisoner

bp = Blueprint("web", __name__)

BIRTHDAY_WINDOW_DAYS = 75  # long enough to post a card from abroad in time


@bp.get("/")
def home():
    """The start page: search, someone who gets few letters, birthdays coming up."""
    suggestion = suggest_prisoner(db.session)
    birthdays = coming_birthdays(
        db.session,
        days=BIRTHDAY_WINDOW_DAYS,
        domestic_days=current_app.config["POSTING_DAYS_DOMESTIC"],
        abroad_days=current_app.config["POSTING_DAYS_ABROAD"],
    )
    return render_template(
        "home.html",
        suggestion=card_for(suggestion) if suggestion else None,
        birthdays=birthdays,
        today=date.today(),
    )


@bp.get("/about")
def about():
    """Who runs this, what is kept and for how long."""
    return render_template("about.html")
