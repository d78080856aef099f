"""Russian postcode prefixes by region, and a check that a postcode fits the written region.

Russian Post indexes are six digits; the first three identify the region's sorting area. The table
below is data, not logic: each row is a region, the three-digit prefixes it uses and other names it
is written under. It covers the regions whose ranges are well known; a region missing from the table
is simply not checked (no warning), so a gap never blocks an address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class PostcodeRegion:
    """One region (or a group of regions sharing a postcode area)."""

    name: str
    prefixes: tuple[range, ...]
    aliases: tuple[str, ...] = ()


def _r(first: int, last: int | None = None) -> range:
    return range(first, (last if last is not None else first) + 1)


# Moscow and Moscow oblast, and St Petersburg and Leningrad oblast, are grouped: their prefixes
# interleave and a prison address in either is commonly written with the other's name.
REGIONS: tuple[PostcodeRegion, ...] = (
    PostcodeRegion(
        "Москва и Московская область", (_r(101, 144),), ("Москва", "Московская область")
    ),
    PostcodeRegion(
        "Санкт-Петербург и Ленинградская область",
        (_r(187, 199),),
        ("Санкт-Петербург", "Ленинградская область"),
    ),
    PostcodeRegion("Ярославская область", (_r(150, 152),)),
    PostcodeRegion("Ивановская область", (_r(153, 155),)),
    PostcodeRegion("Костромская область", (_r(156, 157),)),
    PostcodeRegion("Вологодская область", (_r(160, 162),)),
    PostcodeRegion("Архангельская область", (_r(163, 165),)),
    PostcodeRegion("Ненецкий автономный округ", (_r(166),), ("НАО",)),
    PostcodeRegion("Республика Коми", (_r(167, 169),)),
    PostcodeRegion("Тверская область", (_r(170, 172),)),
    PostcodeRegion("Новгородская область", (_r(173, 175),)),
    PostcodeRegion("Псковская область", (_r(180, 182),)),
    PostcodeRegion("Мурманская область", (_r(183, 184),)),
    PostcodeRegion("Республика Карелия", (_r(185, 186),)),
    PostcodeRegion("Смоленская область", (_r(214, 216),)),
    PostcodeRegion("Калининградская область", (_r(236, 238),)),
    PostcodeRegion("Брянская область", (_r(241, 243),)),
    PostcodeRegion("Калужская область", (_r(248, 249),)),
    # Crimea and Sevastopol: annexed territory, but Russian Post indexes are what works for mail.
    PostcodeRegion("Республика Крым", (_r(295, 298),), ("Крым",)),
    PostcodeRegion("Севастополь", (_r(299),)),
    PostcodeRegion("Тульская область", (_r(300, 301),)),
    PostcodeRegion("Орловская область", (_r(302, 303),)),
    PostcodeRegion("Курская область", (_r(305, 307),)),
    PostcodeRegion("Белгородская область", (_r(308, 309),)),
    PostcodeRegion("Ростовская область", (_r(344, 347),)),
    PostcodeRegion("Краснодарский край", (_r(350, 354),)),
    PostcodeRegion("Ставропольский край", (_r(355, 357),)),
    PostcodeRegion("Республика Калмыкия", (_r(358, 359),)),
    PostcodeRegion("Кабардино-Балкарская Республика", (_r(360, 361),), ("Кабардино-Балкария",)),
    PostcodeRegion("Республика Северная Осетия — Алания", (_r(362, 363),), ("Северная Осетия",)),
    PostcodeRegion("Чеченская Республика", (_r(364), _r(366)), ("Чечня",)),
    PostcodeRegion("Республика Дагестан", (_r(367, 368),)),
    PostcodeRegion("Карачаево-Черкесская Республика", (_r(369),), ("Карачаево-Черкесия",)),
    PostcodeRegion("Республика Адыгея", (_r(385),)),
    PostcodeRegion("Республика Ингушетия", (_r(386),)),
    PostcodeRegion("Рязанская область", (_r(390, 391),)),
    PostcodeRegion("Тамбовская область", (_r(392, 393),)),
    PostcodeRegion("Воронежская область", (_r(394, 397),)),
    PostcodeRegion("Липецкая область", (_r(398, 399),)),
    PostcodeRegion("Волгоградская область", (_r(400, 404),)),
    PostcodeRegion("Саратовская область", (_r(410, 413),)),
    PostcodeRegion("Астраханская область", (_r(414, 416),)),
    PostcodeRegion("Республика Татарстан", (_r(420, 423),), ("Татарстан",)),
    PostcodeRegion("Республика Марий Эл", (_r(424, 425),)),
    PostcodeRegion("Удмуртская Республика", (_r(426, 427),), ("Удмуртия",)),
    PostcodeRegion("Чувашская Республика", (_r(428, 429),), ("Чувашия",)),
    PostcodeRegion("Республика Мордовия", (_r(430, 431),)),
    PostcodeRegion("Ульяновская область", (_r(432, 433),)),
    PostcodeRegion("Пензенская область", (_r(440, 442),)),
    PostcodeRegion("Самарская область", (_r(443, 446),)),
    PostcodeRegion("Республика Башкортостан", (_r(450, 453),), ("Башкирия",)),
    PostcodeRegion("Челябинская область", (_r(454, 457),)),
    PostcodeRegion("Оренбургская область", (_r(460, 462),)),
    PostcodeRegion("Владимирская область", (_r(600, 602),)),
    PostcodeRegion("Нижегородская область", (_r(603, 607),)),
    PostcodeRegion("Кировская область", (_r(610, 613),)),
    PostcodeRegion("Пермский край", (_r(614, 619),)),
    PostcodeRegion("Свердловская область", (_r(620, 624),)),
    PostcodeRegion("Тюменская область", (_r(625, 627),)),
    PostcodeRegion("Ханты-Мансийский автономный округ — Югра", (_r(628),), ("ХМАО", "Югра")),
    PostcodeRegion("Ямало-Ненецкий автономный округ", (_r(629),), ("ЯНАО",)),
    PostcodeRegion("Новосибирская область", (_r(630, 633),)),
    PostcodeRegion("Томская область", (_r(634, 636),)),
    PostcodeRegion("Курганская область", (_r(640, 641),)),
    PostcodeRegion("Омская область", (_r(644, 646),)),
    # 647 and 648 are the former Taymyr and Evenk okrugs, now part of Krasnoyarsk krai.
    PostcodeRegion("Красноярский край", (_r(647, 648), _r(660, 663))),
    PostcodeRegion("Республика Алтай", (_r(649),)),
    PostcodeRegion("Кемеровская область — Кузбасс", (_r(650, 654),), ("Кузбасс",)),
    PostcodeRegion("Республика Хакасия", (_r(655),)),
    PostcodeRegion("Алтайский край", (_r(656, 659),)),
    # 669 is the former Ust-Orda Buryat okrug, now part of Irkutsk oblast.
    PostcodeRegion("Иркутская область", (_r(664, 666), _r(669))),
    PostcodeRegion("Республика Тыва", (_r(667, 668),), ("Тува",)),
    PostcodeRegion("Республика Бурятия", (_r(670, 671),)),
    # 687 is the former Aga Buryat okrug, now part of Zabaykalsky krai.
    PostcodeRegion("Забайкальский край", (_r(672, 674), _r(687))),
    PostcodeRegion("Амурская область", (_r(675, 676),)),
    PostcodeRegion("Республика Саха (Якутия)", (_r(677, 678),), ("Якутия", "Саха")),
    PostcodeRegion("Еврейская автономная область", (_r(679),), ("ЕАО",)),
    PostcodeRegion("Хабаровский край", (_r(680, 682),)),
    # 688 is the former Koryak okrug, now part of Kamchatka krai.
    PostcodeRegion("Камчатский край", (_r(683, 684), _r(688))),
    PostcodeRegion("Магаданская область", (_r(685, 686),)),
    PostcodeRegion("Чукотский автономный округ", (_r(689),), ("Чукотка",)),
    PostcodeRegion("Приморский край", (_r(690, 692),)),
    PostcodeRegion("Сахалинская область", (_r(693, 694),)),
)

# Words that say what kind of region it is; dropped so «Волгоградская обл.» and «Волгоградской
# области» reduce to the same key.
_TYPE_TEXT = (
    "область области областью обл обл. край края краю краем республика республики республике "
    "республикой респ респ. автономный автономного автономному автономная автономной округ "
    "округа округу ао г г. город города городу федерального значения — –"
)
_TYPE_WORDS = frozenset(_TYPE_TEXT.split())
# Second names some regions carry after a dash; dropped so either spelling matches.
_TAIL_WORDS = frozenset({"алания", "алании", "югра", "югры", "кузбасс", "кузбасса"})
_ENDINGS = re.compile(
    r"(ского|скому|ской|ская|ский|цкого|цкой|цкая|цкий|ого|ому|ой|ая|ий|ия|ии|ию|ией|ы|а|е|у|и|ь)$"
)


def _stem(word: str) -> str:
    stemmed = _ENDINGS.sub("", word)
    # Short words («Коми», «Тыва») would lose too much; keep at least three letters.
    return stemmed if len(stemmed) >= 3 else word


@lru_cache(maxsize=2048)
def region_key(name: str) -> str:
    """Reduce a region name in any case to a key («Волгоградской обл.» → «волгоград»).

    Republic status is kept in the key only for Altai, the one place where a republic and a krai
    share a stem (Республика Алтай / Алтайский край).
    """
    text = name.lower().replace("ё", "е")
    text = re.sub(r"[()«»\"]", " ", text)
    republic = "респ" in text
    words = [w for w in re.split(r"[\s,]+|-(?=\w)", text) if w and w not in _TYPE_WORDS]
    if len(words) > 1:
        words = [w for w in words if w not in _TAIL_WORDS] or words
    stems: list[str] = []
    for word in words:
        stem = _stem(word.strip(".-–—"))
        if stem and stem not in stems:
            stems.append(stem)
    key = " ".join(stems)
    if key == "алта" or key == "алтай":
        key = "алтай респ" if republic else "алтай"
    return key


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, PostcodeRegion], dict[int, PostcodeRegion]]:
    by_key: dict[str, PostcodeRegion] = {}
    by_prefix: dict[int, PostcodeRegion] = {}
    for region in REGIONS:
        for name in (region.name, *region.aliases):
            by_key.setdefault(region_key(name), region)
        for prefixes in region.prefixes:
            for prefix in prefixes:
                by_prefix[prefix] = region
    return by_key, by_prefix


def find_region(name: str) -> PostcodeRegion | None:
    """Return the table row for a region name as written, or None if the region is not known."""
    by_key, _ = _index()
    key = region_key(name)
    if key in by_key:
        return by_key[key]
    # «Ханты-Мансийский АО — Югра» and «… Алания» forms: retry with the part before the dash.
    head = re.split(r"\s[—–-]\s", name)[0]
    return by_key.get(region_key(head))


def region_for_postcode(postcode: str) -> PostcodeRegion | None:
    """Return the region whose range holds ``postcode``, or None for an unknown or bad index."""
    if not re.fullmatch(r"[0-9]{6}", postcode or ""):
        return None
    return _index()[1].get(int(postcode[:3]))


def postcode_matches_region(postcode: str, region_name: str) -> bool | None:
    """Whether ``postcode`` belongs to ``region_name``.

    Returns None when either side is unknown to the table (nothing can be said), False on a
    definite mismatch, True on a match.
    """
    region = find_region(region_name)
    if region is None:
        return None
    by_postcode = region_for_postcode(postcode)
    if by_postcode is None:
        return None
    return by_postcode is region
