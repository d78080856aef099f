"""What the directory gives other pages: a prisoner's card in the visitor's language, and the
regions and facilities to choose from (the writer's, the evening's and the directory's pages)."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from letters.directory.models import Facility, Prisoner
from letters.directory.presenter import present
from letters.extensions import db
from letters.i18n import current_locale


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


def known_facilities() -> list[tuple[int, str]]:
    """(id, name) of every facility someone in the directory is held in, by region and name."""
    query = (
        select(Facility.id, Facility.name)
        .where(Facility.id.in_(select(Prisoner.facility_id)))
        .order_by(Facility.region, Facility.name)
    )
    return [(fid, name) for fid, name in db.session.execute(query)]


def service_name(service) -> str:
    """``{{ service|service_name }}``: the service's name in the visitor's language."""
    return service.display_name(current_locale())
