"""The folded keys the directory finds records by, made from the names in one place.

A prisoner's ``identity_key`` (full name and birth year) and ``search_key`` (every spelling a
search may match), and a facility's ``name_key``, are never set by hand: the models derive them
when they are flushed (:func:`letters.directory.models.derive_keys`). Code that looks a record
up by key builds the key with the same functions.
"""

from __future__ import annotations

from letters.directory.transliteration import search_key


def fold(text: str | None) -> str:
    """Case and ё/е folded, single-spaced: the form names are compared in."""
    return " ".join((text or "").lower().replace("ё", "е").split())


def full_name(surname: str | None, first_name: str | None, patronymic: str | None) -> str:
    """Surname, first name and patronymic (the ones given), in that order."""
    return " ".join(p for p in (surname, first_name, patronymic) if p)


def identity_key(surname: str, first_name: str, patronymic: str | None, year: int | None) -> str:
    """Full name plus birth year: how prison mail, and this directory, tell people apart."""
    return f"{fold(full_name(surname, first_name, patronymic))}|{year or ''}"


def names_search_key(*names: str | None) -> str:
    """Everything a search may match: the Cyrillic name and any published Latin spelling."""
    return " ".join(dict.fromkeys(search_key(n) for n in names if n))
