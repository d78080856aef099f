"""Read a prisoner's page from 'Political Prisoners. Memorial' (text as copied from the site).

The page has a title line («Sergei Mironov is a political prisoner»), a one-line case summary,
the narrative, and — when an address is known — an ``RU:`` line (the address in Russian with the
name in the dative and the birth year) and an ``EN:`` line (the same in English). The importer
uses the result to create or update a directory record; anything guessed is listed in
``needs_review`` so a coordinator can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from letters.directory.address import AddressParseError, ParsedAddress, parse_address
from letters.directory.names import (
    first_name_gender,
    is_known_first_name,
    to_dative,
    to_nominative,
)
from letters.directory.transliteration import cyrillic_candidates, search_key
from letters.messages import N_

# Service ids, and how pages name them.
SERVICE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("zt", re.compile(r"\bZT\b|Зонателеком|zt\.ru", re.IGNORECASE)),
    ("fsin_pismo", re.compile(r"ФСИН[-\s]?письмо|FSIN[-\s]?pismo|fsin-pismo\.ru", re.I)),
    ("ovd_info", re.compile(r"OVD[-\s]?Info|ОВД[-\s]?Инфо|lettersnow", re.IGNORECASE)),
    ("memorial_france", re.compile(r"Memorial[-\s]?France|Мемориал[-\s]?Франц", re.I)),
)
# Services that take a letter and do the addressing themselves: they reach a prisoner whose
# address is not published.
FORWARDING_SERVICES = ("ovd_info", "memorial_france")

REVIEW_REASONS = {
    "no_address": N_("No address is published for this prisoner."),
    "name_from_latin": N_("The Russian name was guessed from the English spelling."),
    "name_not_verified": N_("The name in the nominative could not be verified."),
    "no_patronymic": N_("The patronymic is not known."),
    "latin_name_mismatch": N_("The English and Russian names on the page do not match."),
    "birth_year_mismatch": N_("The birth years in the Russian and English addresses differ."),
    "address_warnings": N_("The address has points to check."),
    "address_unreadable": N_("The Russian address could not be read."),
    # Letters wait while this is set (letters.addressing): the facility lacks those words.
    "address_unplaced": N_(
        "Words of the Russian address were not understood, so the stored address may lack them."
    ),
    "presumed_address": N_("The address is presumed, not confirmed."),
    "dative_uncertain": N_(
        "The name for the envelope was declined automatically and may be wrong; check it."
    ),
    "likely_duplicate": N_(
        "Another record has the same name and year of birth, one of them without a patronymic: "
        "perhaps the same person (see Merge duplicates)."
    ),
    # Set when a letter comes back from the post (letters.batches.returns).
    "returned_mail": N_("A letter came back from the post: check the address."),
}

_TITLE = re.compile(
    r"^(?P<name>[A-Z][\w’'\-]*(?:\s+[\w’'\-]+)+?)\s+is\s+a\s+political\s+prisoner\.?$"
)
_RU = re.compile(r"^RU:\s*(?P<text>.+)$")
_EN = re.compile(r"^EN:\s*(?P<text>.+)$")
_EN_HEAD = re.compile(r"^(?P<name>[^,(]+?)\s*\(born\s+(?P<year>\d{4})\)\s*,?\s*(?P<rest>.*)$")
_EN_PRESUMED = re.compile(r"\s*\(?presumed address\)?\.?\s*$", re.IGNORECASE)
_HEADING = re.compile(r"\?$")


class PublishedPageError(ValueError):
    """The text is not a prisoner page in the expected format."""

    msgid = N_("This text is not a prisoner page from 'Political Prisoners. Memorial'.")


@dataclass
class PublishedPrisoner:
    """One prisoner as read from a published page, ready for the importer."""

    name_latin: str  # from the title line: "Sergei Mironov"
    name_latin_full: str | None  # from the EN line: "Sergei Gennadyevich Mironov"
    surname: str  # Cyrillic, nominative
    first_name: str
    patronymic: str | None
    dative_name: str  # as it goes on the envelope
    gender: str | None
    birth_year: int | None
    summary: str | None
    address: ParsedAddress | None
    address_ru: str | None  # the RU line as published
    address_en: str | None  # the English address (EN line without the name and year)
    presumed: bool
    services: list[str]  # service ids the page mentions
    needs_review: list[str] = field(default_factory=list)  # keys of REVIEW_REASONS
    source_url: str | None = None

    @property
    def full_name(self) -> str:
        """Surname, first name and patronymic in the nominative."""
        return " ".join(p for p in (self.surname, self.first_name, self.patronymic) if p)

    @property
    def facility(self) -> str | None:
        """The facility name as published, or None when no address is known."""
        return self.address.facility if self.address else None

    @property
    def status(self) -> str:
        """A PrisonerStatus value guessed from the facility kind."""
        if not self.facility:
            return "unknown"
        return "remand" if re.search(r"СИЗО|следственн", self.facility, re.I) else "colony"

    @property
    def writable_via(self) -> list[str]:
        """Service ids that can carry a letter: those named, plus forwarders when no address."""
        ids = list(self.services)
        if self.facility is None:
            ids += [s for s in FORWARDING_SERVICES if s not in ids]
        return ids

    @property
    def search_key(self) -> str:
        """Folded Cyrillic full name, for the directory's search index."""
        return search_key(self.full_name)


def _services(text: str) -> list[str]:
    return [sid for sid, pattern in SERVICE_PATTERNS if pattern.search(text)]


def _best_cyrillic(word: str, *, surname: bool) -> tuple[str, bool]:
    """The likeliest Cyrillic spelling of one romanised name word; the flag says if verified."""
    from letters.directory.names import _morph  # shared lazy pymorphy3 instance

    candidates = cyrillic_candidates(word.lower())
    morph = _morph()
    best: tuple[float, str] | None = None
    for candidate in candidates:
        if not morph.word_is_known(candidate):
            continue
        tag = "Surn" if surname else "Name"
        score = sum(
            p.score for p in morph.parse(candidate) if tag in p.tag and p.tag.case == "nomn"
        )
        if score and (best is None or score > best[0]):
            best = (score, candidate)
    chosen = best[1] if best else candidates[0]
    return chosen[:1].upper() + chosen[1:], best is not None


def _name_from_latin(name_latin: str) -> tuple[str, str, bool]:
    """(surname, first name, verified) from a title name written first name first."""
    words = name_latin.split()
    first_cyr, first_ok = _best_cyrillic(words[0], surname=False)
    surname_cyr, surname_ok = _best_cyrillic(words[-1], surname=True)
    return surname_cyr, first_cyr, first_ok and surname_ok


def parse_published_page(text: str, source_url: str | None = None) -> PublishedPrisoner:
    """Read a 'Political Prisoners. Memorial' prisoner page copied as plain text.

    Raises PublishedPageError when the text has no «… is a political prisoner» title line.
    """
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines or not (title := _TITLE.match(lines[0])):
        raise PublishedPageError(PublishedPageError.msgid)
    name_latin = title.group("name")
    summary = lines[1] if len(lines) > 1 and not _HEADING.search(lines[1]) else None
    ru = next((m.group("text") for line in lines if (m := _RU.match(line))), None)
    en = next((m.group("text") for line in lines if (m := _EN.match(line))), None)
    review: list[str] = []

    name_latin_full = None
    birth_year_en = None
    address_en = None
    presumed_en = False
    if en:
        presumed_en = bool(_EN_PRESUMED.search(en))
        head = _EN_HEAD.match(_EN_PRESUMED.sub("", en))
        if head:
            name_latin_full = head.group("name").strip()
            birth_year_en = int(head.group("year"))
            address_en = head.group("rest").strip(" ,.") or None

    address = None
    if ru:
        try:
            address = parse_address(ru)
        except AddressParseError:
            review.append("address_unreadable")
    if address and address.unplaced:
        review.append("address_unplaced")
    if address and address.warnings:
        review.append("address_warnings")

    surname = first_name = ""
    patronymic = None
    gender = None
    dative_name = ""
    if address and address.recipient:
        nominative = to_nominative(address.recipient)
        surname, first_name = nominative.surname, nominative.first_name
        patronymic, gender = nominative.patronymic, nominative.gender
        dative_name = address.recipient  # the published form, as it goes on the envelope
        if not nominative.confident:
            review.append("name_not_verified")
        latin_first = search_key(name_latin.split()[0])
        latin_last = search_key(name_latin.split()[-1])
        if (latin_first, latin_last) != (search_key(first_name), search_key(surname)):
            review.append("latin_name_mismatch")
    else:
        surname, first_name, verified = _name_from_latin(name_latin)
        review.append("name_from_latin")
        if not verified:
            review.append("name_not_verified")
        gender = first_name_gender(first_name)
        dative = to_dative(f"{surname} {first_name}", gender)
        dative_name = dative.dative
        if not is_known_first_name(first_name):
            review.append("name_not_verified")
    if patronymic is None:
        review.append("no_patronymic")
    if address is None or address.facility is None:
        review.append("no_address")

    birth_year = address.birth_year if address else None
    if birth_year is None:
        birth_year = birth_year_en
    elif birth_year_en is not None and birth_year_en != birth_year:
        review.append("birth_year_mismatch")
    presumed = bool(address and address.presumed) or presumed_en
    if presumed:
        review.append("presumed_address")

    return PublishedPrisoner(
        name_latin=name_latin,
        name_latin_full=name_latin_full,
        surname=surname,
        first_name=first_name,
        patronymic=patronymic,
        dative_name=dative_name,
        gender=gender,
        birth_year=birth_year,
        summary=summary,
        address=address,
        address_ru=ru,
        address_en=address_en,
        presumed=presumed,
        services=_services(text),
        needs_review=list(dict.fromkeys(review)),
        source_url=source_url,
    )
