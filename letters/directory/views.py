"""Directory pages for supporters: search and the prisoner page."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from letters.directory import signals
from letters.directory.forms import SearchForm
from letters.directory.models import Facility, Prisoner, PrisonerRedirect, PrisonerStatus
from letters.directory.pages import card_for, known_facilities, known_regions
from letters.directory.search import Filters, search_prisoners
from letters.directory.services import load_services
from letters.extensions import db

bp = Blueprint("directory", __name__)
STATUSES = {s.value: s for s in PrisonerStatus}


def filters_from(form: SearchForm) -> Filters:
    """Search filters from a validated form."""
    facility = form.facility_id.data or ""
    return Filters(
        facility_id=int(facility) if facility.isdigit() else None,
        region=form.region.data or None,
        status=STATUSES.get(form.status.data or ""),
        birthday_within_days=form.birthday_days.data,
    )


@bp.get("/prisoners")
def search():
    """Search the directory."""
    form = SearchForm(request.args)
    form.set_choices(known_regions(), known_facilities())
    searched = any(
        request.args.get(k) for k in ("q", "region", "facility_id", "status", "birthday_days")
    )
    cards = []
    if searched and form.validate():
        found = search_prisoners(db.session, form.q.data or "", filters_from(form))
        cards = [card_for(p) for p in found]
    suggested = [] if searched else signals.answers(signals.empty_search, db.session)
    fewest = [card_for(p) for people in suggested for p in people]
    return render_template(
        "directory/search.html", form=form, cards=cards, searched=searched, fewest=fewest
    )


@bp.get("/prisoners/<int:prisoner_id>")
def prisoner_page(prisoner_id: int):
    """Who the prisoner is, the address as it goes on the envelope, and how to write."""
    prisoner = db.session.get(Prisoner, prisoner_id)
    if prisoner is None:
        moved = db.session.get(PrisonerRedirect, prisoner_id) or abort(404)
        return redirect(url_for(".prisoner_page", prisoner_id=moved.prisoner_id), 301)
    return render_template(
        "directory/prisoner.html", card=card_for(prisoner), services=load_services()
    )


@bp.get("/facilities/<int:facility_id>")
def facility_page(facility_id: int):
    """A facility and everyone held there who can receive post now (organisers write to all)."""
    facility = db.session.get(Facility, facility_id) or abort(404)
    query = (
        select(Prisoner)
        .where(
            Prisoner.facility_id == facility.id,
            Prisoner.status.in_([PrisonerStatus.REMAND, PrisonerStatus.COLONY]),
        )
        .order_by(Prisoner.surname, Prisoner.first_name, Prisoner.id)
    )
    cards = [card_for(p) for p in db.session.scalars(query)]
    return render_template("directory/facility.html", facility=facility, cards=cards)
