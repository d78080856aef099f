"""How a prisoner is shown: the same facts for the page, the API and the PDFs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from letters.directory.address import address_parts, format_envelope_lines
from letters.directory.models import Prisoner, PrisonerStatus, is_web_url
from letters.directory.published_page import REVIEW_REASONS
from letters.directory.reachability import UNREACHABLE, address_unchecked, unreachable
from letters.directory.search import days_until_birthday
from letters.directory.services import FORWARDING, load_services
from letters.messages import N_, plural_translator, translator

# Address states, worst first; the page shows each that applies, plainly. Why letters cannot
# be posted at all is the reachability rule's (letters.directory.reachability).
ADDRESS_NOTICES = {
    **UNREACHABLE,
    "presumed": N_(
        "This address is presumed, not confirmed: the letter may not arrive, or may arrive late."
    ),
    # The reachability rule's "unchecked", for a person no forwarding service reaches ("How to
    # write" says what is left).
    "unchecked_only": N_(
        "Part of the published address was not understood. Until a coordinator has checked it, "
        "no letter is printed to it."
    ),
}


STATUS_LABELS = {
    PrisonerStatus.REMAND: N_("in a remand prison"),
    PrisonerStatus.COLONY: N_("in a penal colony"),
    PrisonerStatus.TRANSFERRED: N_("transferred, new address unknown"),
    PrisonerStatus.RELEASED: N_("released"),
    PrisonerStatus.DECEASED: N_("deceased"),
    PrisonerStatus.UNKNOWN: N_("address unknown"),
}


@dataclass(frozen=True)
class PostBy:
    """The next birthday and the last day a card can be posted to arrive in time.

    A deadline is never in the past: when it has gone by, it is None (too late by post).
    """

    birthday: date
    russia: date | None
    abroad: date | None

    @property
    def too_late(self) -> bool:
        """Whether no card posted today, from anywhere, arrives in time."""
        return self.russia is None and self.abroad is None

    def to_dict(self) -> dict:
        """``{"russia": "YYYY-MM-DD" | None, "abroad": …}`` for the API."""
        return {
            "russia": self.russia.isoformat() if self.russia else None,
            "abroad": self.abroad.isoformat() if self.abroad else None,
        }


def post_by(birth_date: date, today: date, *, domestic_days: int, abroad_days: int) -> PostBy:
    """Posting deadlines for the next birthday after (or on) ``today``."""
    birthday = today + timedelta(days_until_birthday((birth_date.month, birth_date.day), today))

    def deadline(days: int) -> date | None:
        last = birthday - timedelta(days=days)
        return last if last >= today else None

    return PostBy(birthday, deadline(domestic_days), deadline(abroad_days))


@dataclass
class Notice:
    """One thing the writer must know about the address."""

    code: str
    message: str


@dataclass
class HistoryEntry:
    """Where the prisoner was (or what happened) from one date until the next entry's."""

    facility_id: int | None
    facility: str | None
    status: str
    status_label: str
    since: str | None  # ISO date; None when the source gave no date
    until: str | None  # ISO date; None for the current entry, or when not known


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
    facility_id: int | None
    region: str | None
    postcode: str | None
    envelope_lines: list[str]
    can_post: bool
    # Post will be possible once a coordinator has checked the words of the address not read.
    waiting_for_check: bool
    notices: list[Notice]
    verified_on: str | None
    # When the address was read from a page that gives no date (later than any confirmation);
    # shown as "as published by <source>, read on <date>", never as a check.
    read_on: str | None
    source_name: str | None  # the source's host, to say who published it
    source_url: str | None
    services: list[str]
    summary: str | None
    interests: str | None
    needs_review: list[str]
    history: list[HistoryEntry]
    # {"russia": date | None, "abroad": date | None} for the next birthday; None when the
    # birthday is unknown or a card cannot be posted to this person.
    post_by: dict | None = None

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
    if reason := unreachable(prisoner):
        known = load_services()
        forwarding = any(known[s].kind == FORWARDING for s in prisoner.services or [] if s in known)
        if reason == "unchecked" and not forwarding:
            notice(reason, _(ADDRESS_NOTICES["unchecked_only"]))
        else:
            notice(reason)
    if prisoner.facility is not None and status.can_receive_post:
        if prisoner.address_presumed:
            notice("presumed")
        # Counted from the last confirmation or reading, whichever is later.
        last_seen = prisoner.last_seen_on
        if last_seen is None:
            notice("stale", _("This address has never been checked."))
        elif (age := (today - last_seen).days) > stale_after_days:
            ngettext = plural_translator(locale)  # by that name, so that Babel extracts it
            stale = ngettext(
                "This address has not been checked for %(num)s day; the person may have moved.",
                "This address has not been checked for %(num)s days; the person may have moved.",
                age,
            )
            notice("stale", stale % {"num": age})
    return notices


def _undated_reading(prisoner: Prisoner) -> str | None:
    """The day of the last undated reading, when it is later than any confirmation."""
    read_on, verified_on = prisoner.read_on, prisoner.verified_on
    if read_on is None or (verified_on is not None and verified_on >= read_on):
        return None
    return read_on.isoformat()


def address_history(prisoner: Prisoner, locale: str) -> list[HistoryEntry]:
    """The prisoner's places and statuses, newest first; repeats of one place are joined."""
    _ = translator(locale)
    entries: list[HistoryEntry] = []
    for change in prisoner.history:  # oldest first
        if entries and (entries[-1].facility_id, entries[-1].status) == (
            change.facility_id,
            change.status.value,
        ):
            continue
        since = change.changed_on.isoformat() if change.changed_on else None
        if entries:
            entries[-1].until = since
        entries.append(
            HistoryEntry(
                facility_id=change.facility_id,
                facility=change.facility.name if change.facility else None,
                status=change.status.value,
                status_label=_(STATUS_LABELS[change.status]),
                since=since,
                until=None,
            )
        )
    return entries[::-1]


def present(
    prisoner: Prisoner,
    *,
    today: date,
    stale_after_days: int,
    locale: str = "ru",
    posting_days: tuple[int, int] | None = None,
) -> PrisonerCard:
    """Build the card for ``prisoner``; ``posting_days`` (domestic, abroad) adds ``post_by``."""
    _ = translator(locale)
    facility = prisoner.facility
    # Records stored before links were checked may hold a javascript: link: never show it.
    source_url = prisoner.source_url if is_web_url(prisoner.source_url) else None
    can_post = unreachable(prisoner) is None
    lines = []
    if facility is not None:
        lines = format_envelope_lines(
            recipient=prisoner.dative_name,
            birth_year=prisoner.birth_year,
            facility=facility.name,
            **address_parts(facility),
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
        facility_id=facility.id if facility else None,
        region=facility.region if facility else None,
        postcode=facility.postcode if facility else None,
        envelope_lines=lines,
        can_post=can_post,
        waiting_for_check=(
            facility is not None
            and prisoner.status.can_receive_post
            and address_unchecked(prisoner)
        ),
        notices=address_notices(prisoner, today, stale_after_days, locale),
        verified_on=prisoner.verified_on.isoformat() if prisoner.verified_on else None,
        read_on=_undated_reading(prisoner),
        source_name=urlsplit(source_url).hostname if source_url else None,
        source_url=source_url,
        services=[s for s in known if s in (prisoner.services or [])],
        summary=prisoner.summary,
        interests=prisoner.interests,
        needs_review=[
            _(REVIEW_REASONS[c])
            for c in (prisoner.needs_review or "").split()
            if c in REVIEW_REASONS
        ],
        history=address_history(prisoner, locale),
        post_by=(
            post_by(
                prisoner.birth_date,
                today,
                domestic_days=posting_days[0],
                abroad_days=posting_days[1],
            ).to_dict()
            if posting_days and prisoner.birth_date and can_post
            else None
        ),
    )
