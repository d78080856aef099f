"""Public pages for supporters: no account needed."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("web", __name__)


@bp.get("/")
def home():
    """The start page: what this is and where to begin."""
    return render_template("home.html")


@bp.get("/about")
def about():
    """Who runs this, what is kept and for how long."""
    return render_template("about.html")
