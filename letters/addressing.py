"""From directory records and typed text to the renderer's :class:`~letters.pdf.Address`.

One place for the rules the envelope, the reply envelope, ``letters render`` and volunteer
batches share: the recipient's name in the dative with «1981 г. р.», the street line with the
house, the postcode in its own field, the sender's country on its own line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from letters.directory.address import ParsedAddress, address_parts, format_house
from letters.pdf import Address

if TYPE_CHECKING:
    # Typed text needs no database: `letters render` addresses letters without loading it.
    from letters.directory.models import Prisoner

POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
# Postcodes of other countries' formats: «10115 Berlin», «00-950», «114 55», «SW1A 1AA»,
# «K1A 0B1». A Russian postcode is six digits; these never are.
FOREIGN_POSTCODE = re.compile(
    r"(?:^|[\s,])(?:\d{4,5}(?=\s+\w)|\d{2}-\d{3}|\d{3}\s\d{2}(?!\d)|"
    r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s*\d[A-Z]\d)(?=$|[\s,])",
    re.MULTILINE,
)
_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
_CYRILLIC = re.compile(r"[А-яЁё]")
# Languages whose names for the countries a writer may type (in Latin or Cyrillic letters).
_COUNTRY_NAME_LOCALES = (
    "en", "ru", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "fi", "sv", "nb", "da",
    "et", "lv", "lt", "hu", "ro", "tr", "uk", "be", "kk", "ky", "sr", "bg",
)  # fmt: skip


class NoPostalAddress(ValueError):
    """The prisoner cannot be written to by post now; ``code`` says why (a presenter notice)."""

    def __init__(self, prisoner: Prisoner, code: str):
        super().__init__(f"{prisoner.full_name}: {code}")
        self.code = code


def russian_postcode(text: str | None) -> str | None:
    """The six-digit postcode in an address as typed, if there is one."""
    match = POSTCODE.search(text or "")
    return match.group(1) if match else None


def _recipient(name: str, birth_year: int | None, **place: str | None) -> Address:
    year = f"{birth_year} г. р." if birth_year else ""
    street = ", ".join(
        p
        for p in (place.pop("street"), format_house(place.pop("house"), place.pop("building")))
        if p
    )
    return Address(
        name_lines=(f"{name},", year) if year else (name,),
        street_line=street,
        **{key: value or "" for key, value in place.items()},
    )


def prisoner_address(prisoner: Prisoner) -> Address:
    """The prisoner's envelope address, from the directory as it stands now."""
    from letters.directory.models import PrisonerStatus
    from letters.directory.presenter import address_unchecked

    facility = prisoner.facility
    if address_unchecked(prisoner):
        raise NoPostalAddress(prisoner, "unchecked")  # never print without the words not read
    if not prisoner.status.can_receive_post or facility is None:
        code = {
            PrisonerStatus.RELEASED: "released",
            PrisonerStatus.DECEASED: "deceased",
            PrisonerStatus.TRANSFERRED: "transferred",
        }.get(prisoner.status, "unknown")
        raise NoPostalAddress(prisoner, code)
    return _recipient(
        prisoner.dative_name,
        prisoner.birth_year,
        facility=facility.name,
        **address_parts(facility),
    )


def prisoner_as_sender(prisoner: Prisoner) -> Address:
    """The prisoner as the sender of a reply: the name in the nominative, the facility."""
    recipient = prisoner_address(prisoner)
    year = f", {prisoner.birth_year} г. р." if prisoner.birth_year else ""
    return Address(
        name_lines=(f"{prisoner.full_name}{year}",),
        facility=recipient.facility,
        street_line=recipient.street_line,
        locality=recipient.locality,
        district=recipient.district,
        region=recipient.region,
        postcode=recipient.postcode,
    )


def parsed_address(parsed: ParsedAddress) -> Address:
    """A published address block (as read by the address parser) as an envelope address."""
    return _recipient(
        parsed.recipient or "",
        parsed.birth_year,
        facility=parsed.facility,
        **address_parts(parsed),
    )


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Country names in upper case (in the languages above, from Babel's CLDR data) → ISO code.

    Loaded on first use (about half a second): only a sender's address needs it.
    """
    from babel import Locale

    names: dict[str, str] = {}
    for locale in _COUNTRY_NAME_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if code.isalpha() and len(code) == 2:  # countries, not regions like "150" (Europe)
                names.setdefault(name.upper(), code)
    names.update({"РФ": "RU", "RUSSIAN FEDERATION": "RU", "РОССИЙСКАЯ ФЕДЕРАЦИЯ": "RU"})
    return names


def _country_code(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text.strip(" .,/"))
    # «620014», «г. Тверь», «ул. Ленина, 5» name no country: no need to load the names for them.
    if not text or len(text) > 60 or re.search(r"[\d.]", text):
        return None
    return _country_names().get(text.upper())


@dataclass(frozen=True)
class SenderOrigin:
    """Where a writer sends from, as read from the return address they typed."""

    abroad: bool
    country: str = ""  # as printed: the country's name in capitals; "" in Russia or unnamed
    lines: tuple[str, ...] = ()  # the address lines, without the country's


# Memoized: a batch has many letters from the same writers, and each is asked twice (the
# sender's block and the envelope's "from abroad").
@functools.lru_cache(maxsize=4096)
def sender_origin(
    address: str | None, *, country: str | None = None, from_abroad: bool = False
) -> SenderOrigin:
    """Decide, for one letter, whether it is sent from outside Russia.

    The one place this is decided (the web, ``letters render``, the queue and batches all ask
    here). From abroad when a line (first or last, or the part after the last comma or slash)
    names a country other than Russia, when the address has a postcode in another country's
    format and no Russian one, or when it is written mostly in Latin letters. ``country`` (the
    web form's field) names the country outright; ``from_abroad`` forces "abroad" (an override,
    for addresses that say nothing). A country's line is taken out of the address, to be printed
    once in capitals; «170000, г. Тверь» stays an address, never a country.
    """
    lines = [line.strip(" ,") for line in (address or "").splitlines() if line.strip(" ,")]
    named = (country or "").strip()
    found = ""
    russia_named = False
    for index in (-1, 0) if lines else ():
        segments = [s for s in re.split(r"\s*[,/]\s*", lines[index]) if s.strip()]
        piece = segments[-1 if index == -1 else 0] if segments else ""
        code = _country_code(piece)
        if code is None or (named and piece.upper() != named.upper() and code != "RU"):
            continue
        if code == "RU":
            russia_named = True  # «Россия» written out: a Russian address, whatever the script
            break
        found = piece.upper()
        rest = [s for s in segments if s is not piece]
        if rest:
            lines[index] = ", ".join(rest)
        else:
            del lines[index]
        break
    text = "\n".join(lines)
    if named and _country_code(named) == "RU":
        named = ""
    looks_foreign = not russia_named and (
        (FOREIGN_POSTCODE.search(text) and not POSTCODE.search(text))
        or len(_LATIN.findall(text)) > len(_CYRILLIC.findall(text))
    )
    abroad = bool(from_abroad or named or found or looks_foreign)
    return SenderOrigin(abroad=abroad, country=(named or found).upper(), lines=tuple(lines))


def sender_address(
    name: str | None, address: str | None, *, from_abroad: bool = False, country: str | None = None
) -> Address:
    """The writer's block: the name, then the address lines as typed.

    Whether it comes from abroad is decided by :func:`sender_origin` (``from_abroad`` forces
    it). A Russian address's postcode goes into its own field, so that a reply envelope
    addressed back to the writer gets the postcode stencil. From abroad, the country is printed
    once, in capitals, on its own line.
    """
    origin = sender_origin(address, country=country, from_abroad=from_abroad)
    lines = list(origin.lines)
    country = origin.country
    postcode = ""
    if not origin.abroad:
        for index, line in enumerate(lines):
            if found := russian_postcode(line):
                postcode = found
                lines[index] = POSTCODE.sub("", line, count=1).strip(" ,")
                break
        lines = [line for line in lines if line]
    return Address(
        name_lines=(name or "",),
        street_line=", ".join(lines[:-1]),
        locality=lines[-1] if lines else "",
        postcode=postcode,
        country=country,
    )
