"""Read a Russian prison postal address written as free text into its parts.

Addresses are published in many orders: postcode first (Memorial), street first and postcode last,
facility first, «Россия, …» first, with or without a postcode; with an «Адрес:» prefix, a
«(адрес предположительный)» note, the recipient's name in the dative and a birth year. The parser
splits the text into comma-separated parts and recognises each part by its markers (г., ул., д.,
обл., ФКУ …), so the order does not matter. The facility name is kept exactly as written: regions
differ (УФСИН, ГУФСИН, «ФСИН России») and a rebuilt name may not reach the prisoner.

No part is ever dropped: a part the parser cannot place (or a second one for a place already
taken) is kept in ``unplaced``, word for word, and every caller holds the address back until a
person has looked at it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from letters.directory.postcodes import find_region, postcode_matches_region, region_for_postcode
from letters.messages import N_, StoredMessage, TranslatableError, filled
from letters.pdf.model import Address

ADDRESS_FIELDS = (
    "postcode",
    "country",
    "region",
    "district",
    "locality",
    "street",
    "house",
    "building",
    "facility",
    "recipient",
    "birth_year",
    "presumed",
    "unit",
)

MSG_EMPTY = N_("The address is empty.")
MSG_NO_PARTS = N_(
    "No address could be read: it has no postcode, town, street or facility. Missing: %(missing)s."
)
MSG_POSTCODE_REGION = N_(
    "The postcode %(postcode)s belongs to %(postcode_region)s, but the address gives the region "
    "as «%(region)s». Check both before sending."
)
MSG_NO_POSTCODE = N_("The address has no postcode.")
MSG_NO_FACILITY = N_("The address names no prison or colony.")
MSG_UNREAD_PART = N_("Part of the address was not understood and was left out: %(part)s")
MSG_UNPLACED = N_(
    "These words of the address were not understood: %(words)s. Correct or remove them, so "
    "that nothing the post needs is left off the envelope."
)
MSG_TWO_POSTCODES = N_("The address contains more than one postcode; the first one was used.")
MSG_LOCALITY_GUESSED = N_("«%(part)s» was taken to be the town; check it.")
MSG_REGION_FROM_FACILITY = N_(
    "The address names no region; «%(region)s» was taken from the facility's name. Check it."
)


class AddressParseError(TranslatableError):
    """The text cannot be read as an address. ``msgid`` is the translatable message."""

    def __init__(self, msgid: str, missing: tuple[str, ...] = (), **params: str):
        self.missing = missing
        super().__init__(msgid, missing=", ".join(missing), **params)


@dataclass(frozen=True)
class AddressWarning:
    """Something a coordinator should check; the address was still read."""

    code: str
    msgid: str
    params: dict[str, str] = field(default_factory=dict)

    def message(self, locale: str | None) -> str:
        """The warning text in ``locale``."""
        return StoredMessage(self.msgid, self.params).message(locale)

    def __str__(self) -> str:
        return filled(self.msgid, self.params)


# The postal parts below the facility's name, named alike in a parsed address, a facility and a
# facility record.
ADDRESS_PARTS = ("street", "house", "building", "locality", "district", "region", "postcode")


def address_parts(source) -> dict[str, str | None]:
    """The postal parts of ``source`` (a parsed address, a facility or its record), by name."""
    return {name: getattr(source, name) for name in ADDRESS_PARTS}


@dataclass
class ParsedAddress:
    """An address split into the parts Russian Post and the prison's mail office use."""

    postcode: str | None = None
    country: str | None = None
    region: str | None = None
    district: str | None = None
    locality: str | None = None
    street: str | None = None
    house: str | None = None
    building: str | None = None
    facility: str | None = None
    recipient: str | None = None
    birth_year: int | None = None
    presumed: bool = False
    unit: str | None = None
    # Parts of the text the parser could not place, as written: never printed, never dropped.
    unplaced: list[str] = field(default_factory=list)
    warnings: list[AddressWarning] = field(default_factory=list)

    def to_dict(self, include_warnings: bool = False) -> dict:
        """The address fields and ``unplaced`` as a dict (``warnings`` as codes when asked)."""
        data = {name: getattr(self, name) for name in ADDRESS_FIELDS}
        data["unplaced"] = list(self.unplaced)
        if include_warnings:
            data["warnings"] = [w.code for w in self.warnings]
        return data

    def unplaced_message(self, locale: str | None) -> str | None:
        """Why the address must be held (the words not understood), or None when all placed."""
        if not self.unplaced:
            return None
        words = ", ".join(f"«{part}»" for part in self.unplaced)
        return StoredMessage(MSG_UNPLACED, {"words": words}).message(locale)

    def envelope_lines(self, international: bool = False) -> list[str]:
        """The recipient block for an envelope, in Russian Post order."""
        return format_envelope_lines(
            recipient=self.recipient,
            birth_year=self.birth_year,
            facility=self.facility,
            **address_parts(self),
            international=international,
        )


def format_house(house: str | None, building: str | None = None) -> str | None:
    """«д. 38, корп. 2» from a bare house number and a building as written."""
    parts = []
    if house:
        parts.append(house if re.match(r"(?i)(д\.|дом\b|вл\.|влд\.)", house) else f"д. {house}")
    if building:
        parts.append(building)
    return ", ".join(parts) or None


def recipient_block(
    *,
    recipient: str | None,
    birth_year: int | None = None,
    facility: str | None = None,
    street: str | None = None,
    house: str | None = None,
    building: str | None = None,
    locality: str | None = None,
    district: str | None = None,
    region: str | None = None,
    postcode: str | None = None,
) -> Address:
    """The recipient's block, as envelopes, labels, postcards, cards and pages all show it.

    Name in the dative, then «1981 г. р.»; facility; street and house; locality; district;
    region; postcode (:meth:`Address.place_lines` gives them in Russian Post order). Empty parts
    are left out.
    """
    year = f"{birth_year} г. р." if birth_year else ""
    street_line = ", ".join(p for p in (street, format_house(house, building)) if p)
    return Address(
        name_lines=(f"{recipient},", year) if recipient and year else (recipient or "", year),
        facility=facility or "",
        street_line=street_line,
        locality=locality or "",
        district=district or "",
        region=region or "",
        postcode=postcode or "",
    )


def format_envelope_lines(
    *, international: bool = False, country: str = "RUSSIA", **parts: str | int | None
) -> list[str]:
    """Lines of the recipient block (:func:`recipient_block`'s parts), the very lines the
    envelope prints, for pages and cards; for mail from abroad a last line with the country in
    Latin capitals, so the sending country's post can route it (the country goes last)."""
    block = recipient_block(**parts)
    return [*block.name_lines, *block.place_lines(), *([country] if international else [])]


# --- recognising the parts --------------------------------------------------------------------

# Captions published with the block, or typed into a return address, at the start of any line
# or part, in any order: «Кому:», «Куда:», «Адрес:», «Адрес для писем:», «Почтовый адрес:»,
# «Получатель:», «Индекс:», «RU:», «От кого:», «Откуда:», «Обратный адрес:».
_CAPTION = re.compile(
    r"(^|[\n,;.])\s*(?:кому|куда|от\s+кого|откуда|получатель|отправитель|адресат|индекс|"
    r"(?:почтовый\s+|обратный\s+)?адрес(?:\s+для\s+(?:писем|переписки|ответа))?|RU)"
    r"\s*:\s*",
    re.IGNORECASE,
)
# «(», then spaces: a match starts at the bracket or at the first of the spaces (tried at each
# of a long run of spaces or line breaks, these took quadratic time; the leftmost match is the
# same).
_OPENING = r"(?:\(|(?<!\s))\s*"
_LINE_BREAK_AND_SPACES = re.compile(r"\n\s*")


def strip_captions(text: str) -> str:
    """``text`` without the captions written before its parts («Кому:», «Адрес:» …); a caption
    inside a line leaves a comma where it stood, so the parts around it stay apart."""
    return _CAPTION.sub(lambda m: m.group(1) if m.group(1) == "\n" else ",", text)


_PRESUMED = re.compile(
    _OPENING + r"(?:адрес\s+предположительн\w*|предположительн\w*\s+адрес)\s*\)?\.?", re.I
)
_BIRTH_YEAR = re.compile(
    _OPENING + r"\b(19\d\d|20\d\d)\s*(?:г\.?\s*р\.?|года?\s+рождения|г\.\s*рожд\.?|гр\.)\s*\)?",
    re.IGNORECASE,
)
_UNIT = re.compile(_OPENING + r"\b((?:отряд|отр\.)\s*№?\s*\d+\w*)\s*\)?", re.IGNORECASE)
_POSTCODE = re.compile(r"(?<![\d/\-–])\d{6}(?![\d/\-–])")
_COUNTRY = re.compile(
    r"^(россия|российская\s+федерация|рф|russia|russian\s+federation)$", re.IGNORECASE
)
_FACILITY = re.compile(
    r"\b(ФКУ|ФКЛПУ|ФКУЗ|ФГУ|ФБУ|ФКП\s*ОУ|ГУФСИН|УФСИН|ФСИН|СИЗО|ИК|ЛИУ|КП|ИЦ|ИВС|ПФРСИ|ЛПУ|"
    r"ОИУ|КТБ|тюрьм\w*|колони\w*|следственн\w+\s+изолятор\w*|исправительн\w*|"
    r"психиатрическ\w*|больниц\w*)\b",
    re.IGNORECASE,
)
_STREET_WORDS = (
    r"ул\.?|улица|пр-т|пр-кт|просп\.|проспект|пр\.|пер\.|переулок|ш\.|шоссе|наб\.|набережная|"
    r"пл\.|площадь|б-р|бульвар|проезд|пр-д|туп\.|тупик|мкр\.?|мкрн\.?|микрорайон|тракт|"
    r"тер\.|территория|промзона|промышленная\s+зона|кв-л|квартал|аллея|линия|стр-е"
)
_STREET_START = re.compile(rf"^(?:{_STREET_WORDS})(?:\s+|(?<=\.)|$)", re.IGNORECASE)
_STREET_END = re.compile(r"\s(?:ул\.?|улица|пр-т|проспект|пер\.|переулок|ш\.|шоссе)$", re.I)
_HOUSE = re.compile(
    r"^(?:д\.|дом\b|вл\.|влд\.|владение\b)\s*(\d+\s*[а-яА-Я]?(?:\s*/\s*\d+\w*)?)(.*)$",
    re.IGNORECASE,
)
_BARE_HOUSE = re.compile(r"^(\d+\s*[а-яА-Я]?(?:/\d+[а-яА-Я]?)?)(\s+.*)?$")
_BUILDING = re.compile(r"^(?:корп\.|корпус|к\.|стр\.|строение|лит\.|литера)\s*\S+", re.I)
_BUILDING_ANYWHERE = re.compile(
    r"\s*,?\s*((?:корп\.|корпус|к\.|стр\.|строение|лит\.|литера)\s*[\wА-Яа-я]+)\s*$", re.I
)
_LOCALITY = re.compile(
    r"^(?:г\.|гор\.|город\s|пос\.|п\.|пгт\.?\s|пгт\s|рп\.?\s|р\.\s*п\.|с\.|село\s|дер\.|"
    r"деревня\s|д\.\s*(?=[А-ЯЁа-яё]{2})|ст\.|станица\s|ст-ца\s|х\.|хутор\s|аул\s|"
    r"пос[ёе]лок\s|рабочий\s+пос[ёе]лок\s|сл\.|слобода\s|мкр\.?\s|г\s)",
    re.IGNORECASE,
)
_FEDERAL_CITY = re.compile(r"^(?:г\.\s*)?(москва|санкт-петербург|севастополь)$", re.IGNORECASE)
_DISTRICT = re.compile(
    r"(\bр-н\b|\bр-на\b|\bрайон\w*|\bм\.\s*р\.|\bмуниципальн\w+\s+(?:район|округ)|"
    r"\bгородской\s+округ|\bг\.\s*о\.|\bулус\b)",
    re.IGNORECASE,
)
_REGION = re.compile(
    r"(област\w*|\bобл\b\.?|\bкра[йяюе]\b|\bкраем\b|республик\w*|\bресп\b\.?|\bАО\b|"
    r"автономн\w+\s+(?:округ|област)\w*|\bХМАО\b|\bЯНАО\b|\bЕАО\b|\bНАО\b)",
    re.IGNORECASE,
)
# Dative endings of name words: -у/-ю (Сергею, Миронову), -е/-и (Анне, Марии), -ой (Мироновой),
# patronymics in -ичу/-вне/-чне, or a Turkic оглы/кызы.
_DATIVE_WORD = re.compile(r"(у|ю|е|и|ой|ей|ых|их|о|оглы|кызы|улы|уулу)$", re.IGNORECASE)
_PATRONYMIC_DATIVE = re.compile(r"(ичу|вне|чне|оглы|кызы|улы|уулу)$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[А-ЯЁ][А-ЯЁа-яё]*(?:-[А-ЯЁ][А-ЯЁа-яё]*)?\.?$|^(?:оглы|кызы|улы|уулу)$")


# Abbreviations that end in a full stop without ending a sentence («г. Бор», «обл.», «д. 5»).
_ABBREVIATIONS = frozenset(
    "г гор обл р-н р-на респ ул д дом корп к стр лит пос п с ст пгт рп р им кв пр просп пр-т "
    "пр-кт пер наб ш пл мкр мкрн тер туп х сл дер влд вл кв-л б-р ао м о г.о м.р".split()
)
# A full stop after a word, before a capital letter: the end of a sentence unless the word is
# an abbreviation («…Ивановичу. ФКУ …», «… Москва, 111020. Сафронову …», «д. 3а. Москва»).
# The look-behind starts a match only where a word starts: tried inside a long word as well,
# the pattern took quadratic time («-» × 16,000: 2 seconds).
_SENTENCE_END = re.compile(r"(?<![^\s,;.])([^\s,;.]+)\.\s+(?=[А-ЯЁ])")


# Official registers (ФИАС, the FSIN's lists) write the type after the name: «Архангельск г»,
# «Талаги п», «Горка Муравьевская д», «Пирсовая ул», «Приморский р-н».
_NAME_THEN = r"^[А-ЯЁ0-9][А-ЯЁа-яё0-9-]*(?:\s+[А-ЯЁа-яё0-9-]+)*\s+"
_LOCALITY_TYPE_AFTER = re.compile(
    _NAME_THEN + r"(?:г|гор|п|пос|пгт|рп|с|д|дер|х|ст|ст-ца|сл|аул|дп|кп|нп|снт)\.?$"
)
_STREET_TYPE_AFTER = re.compile(
    _NAME_THEN + r"(?:ул|пер|пр-кт|пр-т|проезд|пр-д|б-р|наб|пл|туп|мкр|мкрн|ш|тракт|аллея|"
    r"линия|тер|кв-л)\.?$"
)
# A birth year in brackets after the name: «Шевчуку Тарасу Богдановичу (1988)».
_BRACKETED_BIRTH_YEAR = re.compile(r"(?<=[А-Яа-яЁё])\s*\(\s*(19\d\d|20\d\d)\s*\)")
# A house number, a full stop and a remark in brackets before the facility: «ул. Карналитовая,
# 98. (Соликамская тюрьма) - ФКУ ИК-2 …». The remark is a part of its own (held, never glued).
_HOUSE_THEN_REMARK = re.compile(r"(,\s*(?:д\.\s*)?\d+[а-яА-Я]?)\.\s*(\([^()\n]*\))\s*[-–—]?\s*")
# A part that is only a remark in brackets («(Соликамская тюрьма)»): never a facility or a town.
_REMARK = re.compile(r"^\([^()]*\)$")


def _ends_sentence(word: str) -> bool:
    return word.lower() not in _ABBREVIATIONS


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ")
    text = re.sub(r"[ \t]+", " ", text).strip(" \t;:,")
    # A final full stop ends the sentence, but «обл.», «р-н.», «корп.» keep theirs.
    words = text.split()
    if text.endswith(".") and words and _ends_sentence(words[-1].rstrip(".").split(".")[-1]):
        text = text.rstrip(". ")
    return text.strip(" ,;:")


def _split_parts(text: str) -> list[str]:
    # Commas, semicolons and new lines separate parts; so does a full stop that ends a sentence.
    text = _SENTENCE_END.sub(
        lambda m: m.group(1) + ("\n" if _ends_sentence(m.group(1)) else ". "), text
    )
    pieces = re.split(r"[,;\n]+", text)
    cleaned = (_clean(p).lstrip(". ") for p in pieces)
    return [p for p in cleaned if p and not re.fullmatch(r"[()\s.]*", p)]


def _looks_like_recipient(part: str) -> bool:
    words = part.split()
    if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if any(_PATRONYMIC_DATIVE.search(w) for w in words):
        return True
    # Without a patronymic: surname and first name both in a dative form («Кара-Мурзе Владимиру»).
    return len(words) in (2, 3) and all(_DATIVE_WORD.search(w.rstrip(".")) for w in words[:2])


def is_federal_city(locality: str | None) -> bool:
    """Moscow, St Petersburg or Sevastopol: a city that is its own region (no region line)."""
    return bool(_FEDERAL_CITY.match((locality or "").strip()))


# A town («г. Бор», «Бор г») as opposed to a settlement that may lie inside a town's district.
_TOWN = re.compile(
    r"^(?:г\.|гор\.|город\s|г\s|москва$|санкт-петербург$|севастополь$)|\sг\.?$", re.I
)


@dataclass
class _State:
    result: ParsedAddress
    leftovers: list[str] = field(default_factory=list)
    last: str | None = None  # the field the previous part went into


def _put(state: _State, name: str, part: str) -> None:
    """Place ``part`` in the field ``name``, or keep it unplaced when the field is taken."""
    current = getattr(state.result, name)
    if current is None:
        setattr(state.result, name, part)
        state.last = name
    elif current != part:
        state.leftovers.append(part)
        state.last = None


def _take_locality(state: _State, part: str) -> None:
    """A locality. A second one is the settlement inside a town's district («г. Бор,
    п. Неклюдово»: the post delivers to the settlement, the town goes on the district's line),
    or a second settlement read together with the first («п. Леплей, ст. Потьма»)."""
    result = state.result
    first = result.locality
    if first is None:
        _put(state, "locality", part)
        return
    first_town, part_town = bool(_TOWN.match(first)), bool(_TOWN.match(part))
    federal = next((p for p in (first, part) if _FEDERAL_CITY.match(p)), None)
    if first_town and part_town and federal and result.region is None:
        # «г. Санкт-Петербург, г. Колпино»: a town inside a federal city, which is the region.
        result.region, result.locality = federal, part if federal is first else first
        state.last = "locality"
        return
    if first_town and part_town:
        state.leftovers.append(part)  # two towns cannot both be right
        state.last = None
        return
    if first_town != part_town and result.district is None:
        town, settlement = (first, part) if first_town else (part, first)
        result.district, result.locality = town, settlement
    else:
        result.locality = f"{first}, {part}"  # as published, nothing left out
    state.last = "locality"


def _take_street(state: _State, part: str) -> None:
    result = state.result
    building = _BUILDING_ANYWHERE.search(part)
    if building and not result.building:
        result.building = building.group(1)
        part = part[: building.start()].strip(" ,")
    inline = re.search(r"[\s,]+(?:д\.|дом\b)\s*(\d+\s*[а-яА-Я]?(?:/\d+\w*)?)\s*$", part, re.I)
    if inline and not result.house:
        result.house = inline.group(1).replace(" ", "")
        part = part[: inline.start()]
    elif not inline:
        # «ул. 8 Марта 12»: a trailing number after a word is the house, but «ул. 10 лет
        # Октября» keeps its number because it does not end the part.
        words = part.split()
        if (
            len(words) >= 3
            and _BARE_HOUSE.fullmatch(words[-1])
            and not words[-2][0].isdigit()
            and not result.house
        ):
            result.house = words[-1]
            part = " ".join(words[:-1])
    _put(state, "street", _clean(part))


def _read_part(state: _State, part: str) -> None:
    result = state.result
    house = _HOUSE.match(part)
    if _COUNTRY.match(part):
        _put(state, "country", part)
    elif _REMARK.match(part):
        state.leftovers.append(part)
        state.last = None
    elif _STREET_TYPE_AFTER.match(part) and not _FACILITY.search(part):
        _take_street(state, part)
    elif _LOCALITY_TYPE_AFTER.match(part) and not _FACILITY.search(part):
        _take_locality(state, part)
    elif _FACILITY.search(part) and not _STREET_START.match(part):
        if state.last == "facility" and result.facility:
            # «ФКУ ИК-6, УФСИН России по Омской области»: a facility name published with a
            # comma is one name; keep it whole, as written.
            result.facility = f"{result.facility}, {part}"
        else:
            _put(state, "facility", part)
    elif house and not result.house:
        result.house = house.group(1).replace(" ", "")
        rest = house.group(2).strip(" ,")
        if rest and _BUILDING.match(rest) and not result.building:
            result.building = rest
        elif rest:
            state.leftovers.append(rest)
        state.last = "house"
    elif _BUILDING.match(part):
        _put(state, "building", part)
    elif _STREET_START.match(part) or _STREET_END.search(part):
        _take_street(state, part)
    elif _FEDERAL_CITY.match(part) or _LOCALITY.match(part):
        # Moscow, St Petersburg and Sevastopol are both city and region: written as the town.
        _take_locality(state, part)
    elif _DISTRICT.search(part):
        _put(state, "district", part)
    elif _REGION.search(part) or (find_region(part) and not _looks_like_recipient(part)):
        _put(state, "region", part)
    elif (bare := _BARE_HOUSE.fullmatch(part)) and not result.house:
        rest = (bare.group(2) or "").strip()
        if rest and not _BUILDING.match(rest):
            state.leftovers.append(part)
            state.last = None
            return
        result.house = bare.group(1).replace(" ", "")
        if rest:
            _put(state, "building", rest)
        state.last = "house"
    elif _looks_like_recipient(part):
        _put(state, "recipient", part)
    else:
        state.leftovers.append(part)
        state.last = None


def parse_address(text: str) -> ParsedAddress:
    """Split a free-text Russian postal address into its parts.

    Raises AddressParseError when the text is empty or has no address parts at all (no postcode,
    locality, street or facility). Doubtful points (postcode not of the written region, no
    postcode) are reported in ``warnings``; parts that could not be placed are kept in
    ``unplaced`` (with a warning each), never silently dropped.
    """
    if text is None or not text.strip():
        raise AddressParseError(MSG_EMPTY, missing=("postcode", "locality", "facility"))
    result = ParsedAddress()
    work = text.replace("\u00a0", " ").replace("\r", "\n")
    # Blank lines and a line's leading spaces mean nothing (empty parts are dropped), and with
    # them a caption was sought after every line break of a long run: quadratic time.
    work = _LINE_BREAK_AND_SPACES.sub("\n", work)
    work = strip_captions(work)
    if _PRESUMED.search(work):
        result.presumed = True
        work = _PRESUMED.sub(" ", work)
    year = _BIRTH_YEAR.search(work)
    if year:
        result.birth_year = int(year.group(1))
        work = work[: year.start()] + "," + work[year.end() :]
    else:
        work = _take_bracketed_birth_year(result, work)
    work = _HOUSE_THEN_REMARK.sub(r"\1, \2, ", work)
    unit = _UNIT.search(work)
    if unit:
        result.unit = _clean(unit.group(1))
        work = work[: unit.start()] + "," + work[unit.end() :]
    postcodes = _POSTCODE.findall(work)
    if postcodes:
        result.postcode = postcodes[0]
        work = _POSTCODE.sub(",", work)
        if len(set(postcodes)) > 1:
            result.warnings.append(AddressWarning("two_postcodes", MSG_TWO_POSTCODES))
            result.unplaced += [code for code in dict.fromkeys(postcodes) if code != postcodes[0]]

    state = _State(result)
    for part in _split_parts(work):
        _read_part(state, part)

    if not any((result.postcode, result.locality, result.street, result.facility)):
        missing = ("postcode", "locality", "street", "facility")
        raise AddressParseError(MSG_NO_PARTS, missing=missing)
    for part in state.leftovers:
        # A town written without «г.» («Камышин»): taken as the locality, with a warning.
        if result.locality is None and re.fullmatch(r"[А-ЯЁ][а-яё]+(?:[-\s][А-ЯЁа-яё]+)*", part):
            result.locality = part
            result.warnings.append(
                AddressWarning("locality_guessed", MSG_LOCALITY_GUESSED, {"part": part})
            )
        else:
            result.unplaced.append(part)
            result.warnings.append(AddressWarning("unread_part", MSG_UNREAD_PART, {"part": part}))
    _region_from_facility(result)
    _check(result)
    return result


def _take_bracketed_birth_year(result: ParsedAddress, work: str) -> str:
    """«Шевчуку Тарасу Богдановичу (1988)»: the year in brackets after the name."""
    year = _BRACKETED_BIRTH_YEAR.search(work)
    if year is None:
        return work
    result.birth_year = int(year.group(1))
    return work[: year.start()] + "," + work[year.end() :]


# «ФКУ ИК-14 УФСИН России по Республике Мордовия»: the region the facility's name is for.
_FACILITY_REGION = re.compile(r"\bпо\s+(.+?)\s*$", re.IGNORECASE)


def _region_from_facility(result: ParsedAddress) -> None:
    """Fill a missing region from the facility's name, and say so (a warning to check it).

    Moscow, St Petersburg and Sevastopol need no region line, and a name the table groups with
    another («Москва и Московская область») is not a region to print: both are left alone.
    """
    if result.region or not result.facility or _FEDERAL_CITY.match(result.locality or ""):
        return
    named = _FACILITY_REGION.search(result.facility)
    region = find_region(named.group(1)) if named else None
    if region is None or (region.aliases and " и " in region.name):
        return
    result.region = region.name
    result.warnings.append(
        AddressWarning("region_from_facility", MSG_REGION_FROM_FACILITY, {"region": region.name})
    )


def _check(result: ParsedAddress) -> None:
    if result.postcode is None:
        result.warnings.append(AddressWarning("no_postcode", MSG_NO_POSTCODE))
    if result.facility is None:
        result.warnings.append(AddressWarning("no_facility", MSG_NO_FACILITY))
    # Moscow and St Petersburg are written as the town, so the locality stands in for the region.
    region = result.region or result.locality
    if not (result.postcode and region):
        return
    if postcode_matches_region(result.postcode, region) is False:
        found = region_for_postcode(result.postcode)
        params = {
            "postcode": result.postcode,
            "postcode_region": found.name if found else "?",
            "region": region,
        }
        result.warnings.append(
            AddressWarning("postcode_region_mismatch", MSG_POSTCODE_REGION, params)
        )


# --- the writer's return address --------------------------------------------------------------

MSG_SENDER_COUNTRY = N_("Name the country you send from: the envelope's return address needs it.")

# Postcodes of other countries' formats: «10115 Berlin», «00-950», «114 55», «SW1A 1AA»,
# «K1A 0B1». A Russian postcode is six digits; these never are.
_FOREIGN_POSTCODE = re.compile(
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
# Short names people write that CLDR does not list («Reading RG1 1AA, UK»).
_COUNTRY_ALIASES = {
    "UK": "GB", "U.K.": "GB", "GB": "GB", "ENGLAND": "GB", "SCOTLAND": "GB", "WALES": "GB",
    "USA": "US", "U.S.A.": "US", "US": "US", "U.S.": "US", "UAE": "AE",
    "РФ": "RU", "RUSSIAN FEDERATION": "RU", "РОССИЙСКАЯ ФЕДЕРАЦИЯ": "RU",
}  # fmt: skip


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
    names.update(_COUNTRY_ALIASES)
    return names


def country_code(text: str) -> str | None:
    """The ISO code of the country ``text`` names («Germany», «ГЕРМАНИЯ», «UK»), or None."""
    text = re.sub(r"\s+", " ", text.strip(" ,/"))
    if text.upper() in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[text.upper()]
    # «620014», «г. Тверь», «ул. Ленина, 5» name no country: no need to load the names for them.
    if not text or len(text) > 60 or re.search(r"[\d.]", text):
        return None
    return _country_names().get(text.upper())


@dataclass(frozen=True)
class Sender:
    """The writer's return address, read once: what every envelope, letter and queue uses.

    ``lines`` are the address as written, part by part, without the captions, the Russian
    postcode (``postcode``) and the line naming the country (``country``, in capitals; "" for
    Russia or when the writer named none).
    """

    name: str = ""
    lines: tuple[str, ...] = ()
    postcode: str = ""
    country: str = ""
    abroad: bool = False

    @property
    def problem(self) -> str | None:
        """Why this return address cannot go on an envelope (a msgid), or None.

        A foreign address needs its country named: without it the envelope would call it a
        Russian one (RUSSIA), and no reply could find the way back. (A Russian address posted
        from abroad is Russian: RUSSIA is right under it.)
        """
        if self.abroad and not self.country and _looks_foreign("\n".join(self.lines)):
            return MSG_SENDER_COUNTRY
        return None

    @property
    def cyrillic_abroad(self) -> bool:
        """Sent from abroad with an address in Cyrillic letters, which that post cannot read."""
        return self.abroad and bool(_CYRILLIC.search(" ".join((*self.lines, self.country))))


def _looks_foreign(text: str) -> bool:
    """An address with another country's postcode and no Russian one, or mostly in Latin."""
    return bool(
        (_FOREIGN_POSTCODE.search(text) and not _POSTCODE.search(text))
        or len(_LATIN.findall(text)) > len(_CYRILLIC.findall(text))
    )


def _sender_lines(text: str | None) -> list[list[str]]:
    """The lines of a typed address, each as its comma-separated pieces, captions left out."""
    text = strip_captions((text or "").replace("\u00a0", " ").replace("\r", "\n"))
    lines = ([p.strip() for p in line.split(",") if p.strip(" .;:")] for line in text.splitlines())
    return [line for line in lines if line]


def _take_country(lines: list[list[str]], named_code: str | None) -> tuple[str, str | None]:
    """Take the piece naming a country off the end or the start of the address («…, UK»,
    «Грузия\nТбилиси …», «Almaty / Kazakhstan»): its text and ISO code."""
    for index in (-1, 0) if lines else ():
        line = lines[index]
        end = -1 if index == -1 else 0
        pieces = [p.strip() for p in line[end].split("/")]
        piece = pieces[end]
        code = country_code(piece)
        if code is None or (named_code and code not in (named_code, "RU")):
            continue
        rest = " / ".join(p for p in pieces if p is not piece and p)
        if rest:
            line[end] = rest
        else:
            del line[end]
        if not line:
            del lines[index]
        return piece, code
    return "", None


# Memoized: a file or an evening has many letters from the same few writers.
@functools.lru_cache(maxsize=4096)
def parse_sender(
    name: str | None,
    address: str | None,
    *,
    country: str | None = None,
    from_abroad: bool = False,
) -> Sender:
    """Read the writer's name and return address as typed (the one reader of a sender).

    Captions typed with them («Кому:», «Адрес:», «От кого:») are left out, as the directory's
    address blocks are read. The letter goes from abroad when ``from_abroad`` says so (an
    override, for addresses that say nothing), when ``country`` or the first or last part names
    a country other than Russia, or when the address has a postcode in another country's format
    and no Russian one, or is written mostly in Latin letters. In Russia the six-digit postcode
    goes into its own field (a reply envelope gets the stencil); a country is printed once, in
    capitals; «170000, г. Тверь» stays an address, never a country.
    """
    lines = _sender_lines(address)
    named = strip_captions(country or "").strip(" ,.")
    named_code = country_code(named) if named else None
    found, code = _take_country(lines, named_code)
    russia_named = code == "RU" or named_code == "RU"
    if named_code == "RU":
        named = ""
    if code == "RU":
        found = ""
    looks_foreign = not russia_named and _looks_foreign("\n".join(map(", ".join, lines)))
    abroad = bool(from_abroad or named or found or looks_foreign)
    postcode = ""
    for line in lines if not abroad else ():
        for index, piece in enumerate(line):
            if match := _POSTCODE.search(piece):
                postcode = match.group(0)
                line[index] = (piece[: match.start()] + piece[match.end() :]).strip()
                break
        if postcode:
            break
    return Sender(
        name=strip_captions(name or "").strip(" ,;:"),
        lines=tuple(joined for line in lines if (joined := ", ".join(p for p in line if p))),
        postcode=postcode,
        country=(named or found).upper(),
        abroad=abroad,
    )


def parse_sender_block(text: str | None, *, from_abroad: bool = False) -> Sender:
    """A sender written as one block (a file's ``from``): the first line is the name, the
    others the address; a single line is split at its first comma («Смирнов Олег, ул. …»)."""
    lines = [
        line.strip(" ,")
        for line in strip_captions((text or "").replace("\r", "\n")).splitlines()
        if line.strip(" ,")
    ]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",", 1)]
    name, address = (lines[0], "\n".join(lines[1:])) if lines else ("", "")
    return parse_sender(name, address, from_abroad=from_abroad)
