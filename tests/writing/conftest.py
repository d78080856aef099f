"""The sample directory, for the writer's journey."""

from __future__ import annotations

RUSSIAN_LETTER = (
    "Здравствуйте, Сергей! Меня зовут Анна, я живу в Казани и работаю в библиотеке.\n\n"
    "У нас выпал первый снег, и я вспомнила о Вас. Что Вы сейчас читаете?"
)


def letter_form(**overrides) -> dict[str, str]:
    data = {"text": RUSSIAN_LETTER, "envelope_format": "C6", "paper": "A4", "signature": "Анна"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
