"""Prisoner cards for an evening or a selection: directory records → what a card prints."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from letters.directory.models import Prisoner
from letters.directory.presenter import present
from letters.evenings.models import Evening
from letters.evenings.shortlist import Criteria, build_shortlist
from letters.pdf.cards import PrisonerCardText, render_cards_pdf

EVERYONE = 1_000_000  # the CLI prints every match; the web form caps an evening's list


def card_text(prisoner: Prisoner, *, today: date, stale_after_days: int) -> PrisonerCardText:
    """The card for one prisoner (addresses exactly as on the prisoner's page)."""
    card = present(prisoner, today=today, stale_after_days=stale_after_days)
    if prisoner.birth_date:
        birthday = prisoner.birth_date.strftime("%d.%m.%Y")
    else:
        birthday = str(prisoner.birth_year) if prisoner.birth_year else None
    return PrisonerCardText(
        full_name=prisoner.full_name,
        envelope_lines=card.envelope_lines if card.can_post else [],
        birthday=birthday,
        summary=prisoner.summary,
        interests=prisoner.interests,
        presumed=card.can_post and prisoner.address_presumed,
    )


def cards_pdf(prisoners: list[Prisoner], *, today: date, stale_after_days: int) -> bytes:
    """The prisoners' cards, four to an A4 sheet: the evening's page and ``letters cards``."""
    return render_cards_pdf(
        card_text(p, today=today, stale_after_days=stale_after_days) for p in prisoners
    )


def evening_prisoners(evening: Evening) -> list[Prisoner]:
    """The evening's shortlist, in its order, each person once."""
    seen: dict[int, Prisoner] = {}
    for entry in evening.shortlist:
        seen.setdefault(entry.prisoner_id, entry.prisoner)
    return list(seen.values())


def selected_prisoners(
    session: Session, *, facility_id: int | None, region: str | None
) -> list[Prisoner]:
    """Everyone who can receive post at a facility or in a region (or everywhere)."""
    return build_shortlist(session, Criteria(facility_id=facility_id, region=region, size=EVERYONE))
