"""Directory pages for supporters: search and the prisoner page."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import select

from letters.directory.forms import SearchForm
from letters.directory.models import Facility, Prisoner, PrisonerStatus
from letters.directory.presenter import present
from letters.directory.search import Filters, search_prisoners
from letters.directory.services import load_services
from letters.extensions import db
from letters.i18n import current_locale

bp = Blueprint("directory", __name__)
STATUSES = {s.value: s for s in PrisonerStatus}


def card_for(prisoner: Prisoner):
    """The prisoner as shown on pages and in the API, in the visitor's language."""
    return present(
        prisoner,
        today=date.today(),
        stale_after_days=current_app.config["STALE_AFTER_DAYS"],
        locale=current_locale(),
        posting_days=(
            current_app.config["POSTING_DAYS_DOMESTIC"],
            current_app.config["POSTING_DAYS_ABROAD"],
        ),
    )


def known_regions() -> list[str]:
    """Regions that have at least one facility, alphabetically."""
    query = select(Facility.region).where(Facility.region.is_not(None)).distinct()
    return sorted(db.session.scalars(query))


def filters_from(form: SearchForm) -> Filters:
    """Search filters from a validated form."""
    return Filters(
        region=form.region.data or None,
        status=STATUSES.get(form.status.data or ""),
        birthday_within_days=form.birthday_days.data,
    )


@bp.get("/prisoners")
def search():
    """Search the directory."""
    form = SearchForm(request.args)
    form.set_choices(known_regions())
    searched = any(request.args.get(k) for k in ("q", "region", "status", "birthday_days"))
    cards = []
    if searched and form.validate():
        found = search_prisoners(db.session, form.q.data or "", filters_from(form))
        cards = [card_for(p) for p in found]
    from letters.writing.suggestions import fewest_letters

    fewest = [] if searched else [card_for(p) for p in fewest_letters(db.session)]
    return render_template(
        "directory/search.html", form=form, cards=cards, searched=searched, fewest=fewest
    )


@bp.get("/prisoners/<int:prisoner_id>")
def prisoner_page(prisoner_id: int):
    """Who the prisoner is, the address as it goes on the envelope, and how to write."""
    prisoner = db.session.get(Prisoner, prisoner_id) or abort(404)
    return render_template(
        "directory/prisoner.html", card=card_for(prisoner), services=load_services()
    )
