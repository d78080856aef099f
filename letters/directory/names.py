"""Russian personal names: the dative case for the envelope, and back to the nominative.

Prison mail is sorted by the recipient's full name in the dative case («Миронову Сергею
Геннадьевичу»). pytrovich (the petrovich rules) declines most names correctly; the rules in this
module cover the cases it gets wrong or cannot know: compound surnames whose first part is not a
surname (Кара-Мурза), indeclinable surnames, Turkic patronymics (оглы / кызы), and gender when the
name alone does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

from letters.messages import N_

_MAKER = PetrovichDeclinationMaker()

# Turkic patronymics are two words («Ахмед оглы»); the particle gives the gender and neither
# word is declined.
_TURKIC_MALE = ("оглы", "улы", "уулу")
_TURKIC_FEMALE = ("кызы", "гызы")

# Surname endings that never decline, for either gender: -ых/-их (Черных, Долгих), -ко
# (Шевченко), -аго/-яго (Живаго), -ово/-аго and other vowels (Дурново), Georgian -дзе/-швили/-иа.
_INDECLINABLE_SURNAME = re.compile(r"(ых|их|о|е|и|у|ю|э|ia|иа|уа|ыа|дзе|швили|ли)$", re.IGNORECASE)

# The first part of a compound surname declines only when it is itself a surname (Салтыков-Щедрин,
# Кузнецова-Петрова); otherwise it is a fixed prefix (Кара-Мурза, Бонч-Бруевич, Грум-Гржимайло).
_SURNAME_LIKE = re.compile(
    r"(ов|ев|ёв|ин|ын|ский|цкий|ской|ова|ева|ёва|ина|ына|ская|цкая)$", re.IGNORECASE
)

# Endings a dative form never has, so a surname ending in one is indeclinable, not declined.
_STRONG_INDECLINABLE = re.compile(
    r"(ых|их|ко|аго|яго|дзе|швили|иа|уа|ово|ево|ёво|ино|ыно)$", re.IGNORECASE
)

_IYA_NAME = re.compile(r"ия$")  # lower case only: capitals are declined in title case

_MALE_PATRONYMIC = re.compile(r"(ович|евич|ич)$", re.IGNORECASE)
_FEMALE_PATRONYMIC = re.compile(r"(овна|евна|ична|инична)$", re.IGNORECASE)
_MALE_PATRONYMIC_DATIVE = re.compile(r"(овичу|евичу|ичу)$", re.IGNORECASE)
_FEMALE_PATRONYMIC_DATIVE = re.compile(r"(овне|евне|ичне)$", re.IGNORECASE)


MSG_NAME_TOO_SHORT = N_("A full name needs at least a surname and a first name.")


class IncompleteName(ValueError):
    """The text cannot be read as «Фамилия Имя [Отчество]». ``msgid`` is translatable."""

    msgid = MSG_NAME_TOO_SHORT


@dataclass(frozen=True)
class DativeName:
    """A full name in the dative case, as it goes on the envelope."""

    dative: str
    gender: str | None  # 'm', 'f', or None when it could not be told
    confident: bool


@dataclass(frozen=True)
class NominativeName:
    """A full name recovered in the nominative case from its dative form."""

    nominative: str
    surname: str
    first_name: str
    patronymic: str | None
    gender: str | None
    confident: bool


def split_full_name(text: str) -> tuple[str, str, str | None]:
    """Split «Фамилия Имя Отчество» (surname first) into its three parts.

    A Turkic patronymic keeps its particle («Мамедов Рашид Ахмед оглы» → patronymic «Ахмед оглы»).
    Raises IncompleteName (a ValueError) when there are fewer than two words.
    """
    words = text.split()
    if len(words) < 2:
        raise IncompleteName(f"{MSG_NAME_TOO_SHORT} ({text!r})")
    surname, first_name, rest = words[0], words[1], words[2:]
    return surname, first_name, " ".join(rest) or None


def _gender_from_patronymic(patronymic: str | None, *, dative: bool = False) -> str | None:
    if not patronymic:
        return None
    last = patronymic.split()[-1].lower()
    if last in _TURKIC_MALE:
        return "m"
    if last in _TURKIC_FEMALE:
        return "f"
    male, female = (
        (_MALE_PATRONYMIC_DATIVE, _FEMALE_PATRONYMIC_DATIVE)
        if dative
        else (_MALE_PATRONYMIC, _FEMALE_PATRONYMIC)
    )
    if male.search(last):
        return "m"
    if female.search(last):
        return "f"
    return None


@lru_cache(maxsize=1)
def _morph():
    # Loaded lazily: the dictionaries take a noticeable moment and many callers never need them.
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def first_name_gender(first_name: str) -> str | None:
    """The gender of a nominative first name according to the pymorphy3 dictionary, if clear."""
    weights = {"masc": 0.0, "femn": 0.0}
    for parse in _morph().parse(first_name.lower()):
        if "Name" in parse.tag and parse.tag.case == "nomn" and parse.tag.gender in weights:
            weights[parse.tag.gender] += parse.score
    total = weights["masc"] + weights["femn"]
    if not total:
        return None
    # A clear majority decides (Нино is mostly a woman's name); Саша-like names stay unknown.
    if weights["masc"] / total >= 0.75:
        return "m"
    if weights["femn"] / total >= 0.75:
        return "f"
    return None


def is_known_first_name(word: str) -> bool:
    """Whether pymorphy3's dictionary (not its guesser) knows ``word`` as a first name."""
    morph = _morph()
    return morph.word_is_known(word.lower()) and any(
        "Name" in p.tag for p in morph.parse(word.lower())
    )


def is_known_word(word: str) -> bool:
    """Whether pymorphy3's dictionary (not its guesser) knows ``word`` (any part of speech)."""
    return _morph().word_is_known(word.lower())


def _gender(gender: str) -> Gender:
    return Gender.MALE if gender == "m" else Gender.FEMALE


def _keep_capitals(original: str, decline) -> str:
    # pytrovich appends lower-case endings; decline ALL-CAPS input in title case and restore it.
    if original.isupper() and len(original) > 1:
        return decline(original.title()).upper()
    return decline(original)


def _decline_surname(surname: str, gender: str) -> str:
    return _keep_capitals(surname, lambda s: _decline_surname_word(s, gender))


def _decline_surname_word(surname: str, gender: str) -> str:
    # A double surname: each part that looks like a surname declines, and the last one always
    # (one part at a time: a recursion ran out of stack on thousands of hyphens).
    *parts, last = surname.split("-")
    declined = [
        _decline_surname_part(part, gender) if _SURNAME_LIKE.search(part) else part
        for part in parts
    ]
    return "-".join([*declined, _decline_surname_part(last, gender)])


def _decline_surname_part(surname: str, gender: str) -> str:
    if _INDECLINABLE_SURNAME.search(surname):
        return surname
    if gender == "f" and not re.search(r"(а|я)$", surname, re.IGNORECASE):
        # Women's surnames ending in a consonant (Гуревич, Смит, Шевчук) do not decline.
        return surname
    return _MAKER.make(NamePart.LASTNAME, _gender(gender), Case.DATIVE, surname)


def _decline_first_name(first_name: str, gender: str) -> str:
    return _keep_capitals(first_name, lambda s: _decline_first_name_word(s, gender))


def _decline_first_name_word(first_name: str, gender: str) -> str:
    if _IYA_NAME.search(first_name):
        # Names in -ия take -ии for either gender (Мария → Марии, Асия → Асии, Илия → Илии);
        # pytrovich knows a few of them by heart and gives -ие for the rest.
        return first_name[:-1] + "и"
    return _MAKER.make(NamePart.FIRSTNAME, _gender(gender), Case.DATIVE, first_name)


def _decline_patronymic(patronymic: str, gender: str) -> str:
    if " " in patronymic:
        # «Ахмед оглы», «Ахмед кызы»: kept as written.
        return patronymic
    return _keep_capitals(
        patronymic, lambda s: _MAKER.make(NamePart.MIDDLENAME, _gender(gender), Case.DATIVE, s)
    )


def to_dative(full_name: str, gender: str | None = None) -> DativeName:
    """Decline «Фамилия Имя [Отчество]» into the dative case for the envelope.

    ``gender`` ('m' or 'f') wins when given; otherwise it is read from the patronymic, then from
    the first name in the pymorphy3 dictionary. ``confident`` is False when the gender had to be
    guessed or is unknown (the result is then declined as masculine) or when the first name is not
    in the dictionary.
    """
    surname, first_name, patronymic = split_full_name(full_name)
    confident = True
    if gender not in ("m", "f"):
        gender = _gender_from_patronymic(patronymic) or first_name_gender(first_name)
        if gender is None:
            confident = False
        elif patronymic is None:
            # Gender from the first name alone: reliable for Сергей, not for Саша or a rare name.
            confident = is_known_first_name(first_name)
    declined_as = gender or "m"
    parts = [_decline_surname(surname, declined_as), _decline_first_name(first_name, declined_as)]
    if patronymic:
        parts.append(_decline_patronymic(patronymic, declined_as))
    if not is_known_first_name(first_name):
        confident = False
    return DativeName(dative=" ".join(parts), gender=gender, confident=confident)


def _match_case(template: str, word: str) -> str:
    # Keep ALL-CAPS input in capitals.
    return word.upper() if template.isupper() and len(template) > 1 else word


def _surname_candidates(word: str, gender: str) -> list[str]:
    """Nominative surnames that could give the dative ``word``, most likely first."""
    lower = word.lower()
    if _STRONG_INDECLINABLE.search(lower):
        # Черных, Шевченко, Джапаридзе: these endings are never the result of declining.
        return [word]
    out: list[str] = []
    if gender == "m":
        rules = [
            ("скому", "ский"),
            ("цкому", "цкий"),
            ("ому", "ой"),
            ("ому", "ый"),
            ("ому", "ий"),
            ("ову", "ов"),
            ("еву", "ев"),
            ("ёву", "ёв"),
            ("ину", "ин"),
            ("ыну", "ын"),
            ("у", ""),
            ("ю", "ь"),
            ("ю", "й"),
            ("е", "а"),
            ("е", "я"),
            ("и", "ия"),
        ]
    else:
        rules = [
            ("ской", "ская"),
            ("цкой", "цкая"),
            ("овой", "ова"),
            ("евой", "ева"),
            ("ёвой", "ёва"),
            ("иной", "ина"),
            ("ыной", "ына"),
            ("ой", "ая"),
            ("ей", "яя"),
            ("е", "а"),
            ("е", "я"),
            ("и", "ия"),
        ]
    for ending, replacement in rules:
        if lower.endswith(ending) and len(lower) > len(ending) + 1:
            out.append(word[: len(word) - len(ending)] + replacement)
    # Last resort: the surname does not decline at all (Черных, Шевченко, Гуревич for a woman).
    out.append(word)
    return out


def _first_name_candidates(word: str, gender: str) -> list[str]:
    candidates: list[str] = []
    morph = _morph()
    wanted = "masc" if gender == "m" else "femn"
    for parse in morph.parse(word.lower()):
        # Indeclinable («Fixd») readings are the identity, tried last below: «Анне» is Anna first.
        tag = parse.tag
        if "Name" in tag and tag.case == "datv" and tag.gender == wanted and "Fixd" not in tag:
            form = parse.normal_form
            candidates.append(form[:1].upper() + form[1:])
    lower = word.lower()
    rules = [("ии", "ия")] + (
        [("у", ""), ("ю", "й"), ("ю", "ь"), ("е", "а"), ("е", "я"), ("и", "ий"), ("и", "ия")]
        if gender == "m"
        else [("е", "а"), ("е", "я"), ("и", "ия"), ("и", "ь")]
    )
    for ending, replacement in rules:
        if lower.endswith(ending) and len(lower) > len(ending) + 1:
            candidates.append(word[: len(word) - len(ending)] + replacement)
    candidates.append(word)
    # No Russian name ends in «-иь» (the guesser's reading of «Асии»): the name is «Асия».
    candidates = [c for c in candidates if not c.lower().endswith("иь")]
    # pymorphy3 gives dictionary spellings in lower case; restore the written capitalisation.
    return list(dict.fromkeys(_match_case(word, c) for c in candidates))


def _patronymic_candidates(word: str, gender: str) -> list[str]:
    lower = word.lower()
    if gender == "m" and lower.endswith("ичу"):
        return [word[:-1]]
    if gender == "f" and lower.endswith("не"):
        return [word[:-1] + ("А" if word.isupper() else "а")]
    return [word]


def _first_match(word: str, candidates: list[str], decline) -> tuple[str | None, bool]:
    """The first candidate whose dative is ``word``; the flag is False if it was the fallback."""
    for index, candidate in enumerate(candidates):
        if decline(candidate).lower() == word.lower():
            return candidate, index < len(candidates) - 1 or candidate.lower() == word.lower()
    return None, False


def _compound_surname(surname_d: str, gender: str) -> tuple[str | None, bool]:
    # Reverse each side separately; a declined first part (Салтыкову-) is preferred over a fixed
    # one, and the whole is accepted only if it declines back to what was written.
    first_part, rest = surname_d.split("-", 1)
    rest_nom, rest_sure = _first_match(
        rest, _surname_candidates(rest, gender), lambda s: _decline_surname(s, gender)
    )
    if rest_nom is None:
        return None, False
    options = [
        f"{c}-{rest_nom}" for c in _surname_candidates(first_part, gender) if c != first_part
    ]
    options.append(f"{first_part}-{rest_nom}")
    for candidate in options:
        if _decline_surname(candidate, gender).lower() == surname_d.lower():
            return candidate, rest_sure
    return None, False


def to_nominative(dative_full_name: str, gender: str | None = None) -> NominativeName:
    """Recover «Фамилия Имя Отчество» from the dative form published with an address.

    Each part is reversed by candidate rules and accepted only if declining it again gives back
    exactly what was written. ``confident`` is False when the gender is unknown, a part could only
    be kept unchanged although it looks declined, or the first name is not in the dictionary; the
    caller then keeps the published form and flags the record.
    """
    if dative_full_name.isupper():
        # Work in title case (the rules and dictionaries expect it) and give capitals back.
        found = to_nominative(dative_full_name.title(), gender)
        return replace(
            found,
            nominative=found.nominative.upper(),
            surname=found.surname.upper(),
            first_name=found.first_name.upper(),
            patronymic=found.patronymic.upper() if found.patronymic else None,
        )
    words = dative_full_name.split()
    if len(words) < 2:
        raise IncompleteName(f"{MSG_NAME_TOO_SHORT} ({dative_full_name!r})")
    surname_d, first_d = words[0], words[1]
    patronymic_d = " ".join(words[2:]) or None
    confident = True
    if gender not in ("m", "f"):
        gender = _gender_from_patronymic(patronymic_d, dative=True)
    if gender is None:
        # Without a patronymic, try the first name both ways and keep the one the dictionary
        # knows; a name that reads either way is not a confident result.
        guesses = [
            g
            for g in ("m", "f")
            if any(
                first_name_gender(c) == g and _decline_first_name(c, g).lower() == first_d.lower()
                for c in _first_name_candidates(first_d, g)
            )
        ]
        gender = guesses[0] if guesses else "m"
        confident = len(guesses) == 1

    if "-" in surname_d:
        surname, sure_surname = _compound_surname(surname_d, gender)
    else:
        surname, sure_surname = _first_match(
            surname_d,
            _surname_candidates(surname_d, gender),
            lambda s: _decline_surname(s, gender),
        )
    first_candidates = _first_name_candidates(first_d, gender)
    first_name, _ = _first_match(
        first_d, first_candidates, lambda s: _decline_first_name(s, gender)
    )
    patronymic = None
    if patronymic_d:
        patronymic, _ = _first_match(
            patronymic_d,
            _patronymic_candidates(patronymic_d, gender),
            lambda s: _decline_patronymic(s, gender),
        )
    if surname is None or first_name is None or (patronymic_d and patronymic is None):
        return NominativeName(
            nominative=dative_full_name,
            surname=surname_d,
            first_name=first_d,
            patronymic=patronymic_d,
            gender=gender,
            confident=False,
        )
    if not sure_surname or not is_known_first_name(first_name):
        confident = False
    nominative = " ".join(p for p in (surname, first_name, patronymic) if p)
    return NominativeName(
        nominative=nominative,
        surname=surname,
        first_name=first_name,
        patronymic=patronymic,
        gender=gender,
        confident=confident,
    )
