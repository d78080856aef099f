"""How a prisoner is shown: the same facts for the page, the API and the PDFs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from letters.directory.address import format_envelope_lines
from letters.directory.models import Prisoner, PrisonerStatus, is_web_url
from letters.directory.published_page import REVIEW_REASONS
from letters.directory.services import load_services
from letters.messages import N_, translator

# Address states, worst first; the page shows each that applies, plainly.
ADDRESS_NOTICES = {
    "released": N_("Released: letters to the last address will not reach them."),
    "deceased": N_("This person has died."),
    "transferred": N_(
        "Transferred, and the new address is not known yet. Letters to the old address may be "
        "lost; write through a forwarding service or wait for the new address."
    ),
    "unknown": N_(
        "No postal address is known. You can still write through a forwarding service, "
        "which addresses the letter for you."
    ),
    "presumed": N_(
        "This address is presumed, not confirmed: the letter may not arrive, or may arrive late."
    ),
    "stale": N_("This address has not been checked for %(days)s days; the person may have moved."),
}

STATUS_LABELS = {
    PrisonerStatus.REMAND: N_("in a remand prison"),
    PrisonerStatus.COLONY: N_("in a penal colony"),
    PrisonerStatus.TRANSFERRED: N_("transferred, new address unknown"),
    PrisonerStatus.RELEASED: N_("released"),
    PrisonerStatus.DECEASED: N_("deceased"),
    PrisonerStatus.UNKNOWN: N_("address unknown"),
}


@dataclass
class Notice:
    """One thing the writer must know about the address."""

    code: str
    message: str


@dataclass
class PrisonerCard:
    """A prisoner as shown to writers."""

    id: int
    full_name: str
    name_latin: str | None
    dative_name: str
    gender: str | None
    birth_year: int | None
    status: str
    status_label: str
    facility: str | None
    region: str | None
    postcode: str | None
    envelope_lines: list[str]
    can_post: bool
    notices: list[Notice]
    verified_on: str | None
    source_url: str | None
    services: list[str]
    summary: str | None
    interests: str | None
    needs_review: list[str]

    def to_dict(self) -> dict:
        """JSON-ready form for the API."""
        return asdict(self)


def address_notices(
    prisoner: Prisoner, today: date, stale_after_days: int, locale: str
) -> list[Notice]:
    """Every warning that applies to this prisoner's address, in the given language."""
    _ = translator(locale)
    notices: list[Notice] = []

    def notice(code: str, message: str | None = None) -> None:
        notices.append(Notice(code, message or _(ADDRESS_NOTICES[code])))

    status = prisoner.status
    if status is PrisonerStatus.RELEASED:
        notice("released")
    elif status is PrisonerStatus.DECEASED:
        notice("deceased")
    elif status is PrisonerStatus.TRANSFERRED:
        notice("transferred")
    elif prisoner.facility is None:
        notice("unknown")
    if prisoner.facility is not None and status.can_receive_post:
        if prisoner.address_presumed:
            notice("presumed")
        if prisoner.verified_on is None:
            notice("stale", _("This address has never been checked."))
        elif (age := (today - prisoner.verified_on).days) > stale_after_days:
            template = ADDRESS_NOTICES["stale"]  # outside _(): Babel would take the key as a msgid
            notice("stale", _(template) % {"days": age})
    return notices


def present(
    prisoner: Prisoner, *, today: date, stale_after_days: int, locale: str = "ru"
) -> PrisonerCard:
    """Build the card for ``prisoner``."""
    _ = translator(locale)
    facility = prisoner.facility
    can_post = facility is not None and prisoner.status.can_receive_post
    lines = []
    if facility is not None:
        lines = format_envelope_lines(
            recipient=prisoner.dative_name,
            birth_year=prisoner.birth_year,
            facility=facility.name,
            street=facility.street,
            house=facility.house,
            building=facility.building,
            locality=facility.locality,
            district=facility.district,
            region=facility.region,
            postcode=facility.postcode,
        )
    known = load_services()
    return PrisonerCard(
        id=prisoner.id,
        full_name=prisoner.full_name,
        name_latin=prisoner.name_latin,
        dative_name=prisoner.dative_name,
        gender=prisoner.gender,
        birth_year=prisoner.birth_year,
        status=prisoner.status.value,
        status_label=_(STATUS_LABELS[prisoner.status]),
        facility=facility.name if facility else None,
        region=facility.region if facility else None,
        postcode=facility.postcode if facility else None,
        envelope_lines=lines,
        can_post=can_post,
        notices=address_notices(prisoner, today, stale_after_days, locale),
        verified_on=prisoner.verified_on.isoformat() if prisoner.verified_on else None,
        # Records stored before links were checked may hold a javascript: link: never show it.
        source_url=prisoner.source_url if is_web_url(prisoner.source_url) else None,
        services=[s for s in known if s in (prisoner.services or [])],
        summary=prisoner.summary,
        interests=prisoner.interests,
        needs_review=[
            _(REVIEW_REASONS[c])
            for c in (prisoner.needs_review or "").split()
            if c in REVIEW_REASONS
        ],
    )
