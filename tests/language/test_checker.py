"""The checker's verdicts, languages, spans and fixes on small letters."""

from __future__ import annotations

import json

import pytest

from letters.language import (
    EMPTY,
    FOREIGN_LANGUAGE,
    FOREIGN_LETTERS,
    KINDS,
    LANGUAGES,
    LATIN,
    LENGTH,
    LOOKALIKE,
    RISK,
    SERVICE_LIMITS,
    TRANSLIT,
    UNKNOWN_WORD,
    UNUSABLE,
    CheckResult,
    check,
)


def spans(result: CheckResult, kind: str) -> list[str]:
    """The texts a result's findings of one kind point at, checked against the input."""
    return [f.text for f in result.findings if f.kind == kind]


def assert_spans_match(text: str, result: CheckResult) -> None:
    for finding in result.findings:
        assert finding.text == text[finding.start : finding.end]


def test_plain_russian_letter_is_ok():
    text = "Привет! Как дела? Я очень скучаю и жду твоего письма. Обнимаю, Маша."
    result = check(text)
    assert result.verdict == "ok"
    assert result.language == "ru"
    assert result.findings == []
    assert result.fixed_text == text
    assert result.stats.words == 12
    assert result.stats.russian_word_share == 1.0


def test_to_dict_has_exactly_the_documented_shape():
    text = "Пpивeт! Звони 8 999 123-45-67."
    data = check(text, "en").to_dict()
    assert set(data) == {
        "verdict",
        "language",
        "language_name",
        "language_autonym",
        "findings",
        "fixed_text",
        "stats",
    }
    assert set(data["stats"]) == {"chars", "words", "russian_word_share", "a4_pages"}
    assert data["findings"]
    for finding in data["findings"]:
        assert set(finding) == {"kind", "start", "end", "text", "message", "suggestion"}
        assert finding["kind"] in KINDS
        assert finding["text"] == text[finding["start"] : finding["end"]]
    assert data["language"] in LANGUAGES
    json.dumps(data)  # serialisable as it is


def test_latin_lookalikes_inside_russian_words_are_fixed():
    text = "Пpивeт, мой дорогой друг! Bce хорошо, мaмa передаёт привет."
    result = check(text)
    assert result.verdict == "warn"
    assert result.language == "ru"
    assert spans(result, LOOKALIKE) == ["Пpивeт", "Bce", "мaмa"]
    assert [f.suggestion for f in result.findings if f.kind == LOOKALIKE] == [
        "Привет",
        "Все",
        "мама",
    ]
    assert result.fixed_text == "Привет, мой дорогой друг! Все хорошо, мама передаёт привет."
    assert all(ord(char) < 0x80 or "\u0400" <= char <= "\u04ff" for char in result.fixed_text)


def test_cyrillic_lookalikes_inside_a_latin_word_are_respelt_in_latin():
    text = "Смотрели фильм Tеrminаtor, понравилось."  # Cyrillic е and а
    result = check(text)
    [finding] = [f for f in result.findings if f.kind == LOOKALIKE]
    assert finding.text == "Tеrminаtor"
    assert finding.suggestion == "Terminator"
    # In a Russian letter the Latin word is then read as translit: the Russian spelling.
    assert result.fixed_text == "Смотрели фильм Терминатор, понравилось."
    assert result.verdict == "warn"


def test_cyrillic_lookalike_in_an_english_letter_is_fixed_to_latin():
    text = "Dear friend, we think of yоu every day and hоpe you are well."  # Cyrillic о
    result = check(text)
    assert result.language == "en"
    assert spans(result, LOOKALIKE) == ["yоu", "hоpe"]
    assert result.fixed_text == "Dear friend, we think of you every day and hope you are well."


def test_mixed_word_without_lookalike_fix_is_reported_unfixed():
    text = "Привет, как дeлa? Всё хорошо, жду письма."
    result = check(text)
    assert spans(result, LOOKALIKE) == ["дeлa"]
    assert result.fixed_text == "Привет, как дела? Всё хорошо, жду письма."


def test_translit_letter_is_rejected_and_converted():
    text = "Privet! Kak dela? Ya tebya ochen' lyublyu i zhdu pis'ma."
    result = check(text)
    assert result.verdict == "reject"
    assert result.language == "ru-translit"
    assert result.fixed_text == "Привет! Как дела? Я тебя очень люблю и жду письма."
    assert spans(result, TRANSLIT) == ["Privet! Kak dela? Ya tebya ochen' lyublyu i zhdu pis'ma"]


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("shchi", "щи"),
        ("Ja skuchaju", "Я скучаю"),
        ("ya skuchayu", "я скучаю"),
        ("tchto novogo", "что нового"),
        ("jdu otveta", "жду ответа"),
        ("khorosho", "хорошо"),
        ("schast'ye", "счастье"),
        ("novyy god", "новый год"),
    ],
)
def test_translit_systems_convert(latin, cyrillic):
    result = check(f"{latin}, {latin}, {latin}")
    assert result.language == "ru-translit"
    assert result.fixed_text == f"{cyrillic}, {cyrillic}, {cyrillic}"


def test_one_translit_sentence_in_a_russian_letter_is_a_finding_not_a_rejection():
    text = (
        "Привет! Kak dela? Я скучаю, пиши чаще. Вчера была в театре, смотрели Чехова, "
        "очень понравилось."
    )
    result = check(text)
    assert result.verdict == "warn"
    assert result.language == "ru"
    [finding] = [f for f in result.findings if f.kind == TRANSLIT]
    assert finding.text == "Kak dela"
    assert finding.suggestion == "Как дела"
    assert result.fixed_text.startswith("Привет! Как дела? Я скучаю")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Як справи? Що нового? Це дуже добре, що ти пишеш.", "uk"),
        ("Привіт! Я дуже сумую за тобою. Пиши мені частіше.", "uk"),
        ("Прывітанне! Як ты там? У нас усё добра, вельмі сумуем і чакаем цябе дадому.", "be"),
        ("Здравей! Как си? Много ми липсваш. Пиши ми, когато можеш.", "bg"),
        ("Здраво! Како си? Много ми недостајеш. Сви те поздрављају.", "sr"),
        ("Здраво! Како си? Многу ми недостигаш. Пиши ми кога ќе можеш.", "mk"),
        ("Сәлем! Қалайсың? Сені сағындық. Бізде бәрі жақсы.", "kk"),
        ("Исәнме! Хәлләрең ничек? Без сине бик сагындык.", "tt"),
        ("Һаумы! Хәлдәрең нисек? Беҙ һине бик һағындыҡ.", "ba"),
        ("Dear Alexei, I hope this letter finds you well. We think of you every day.", "en"),
        ("Lieber Alexej, wir denken jeden Tag an dich und warten auf deinen Brief.", "de"),
        ("Cher ami, nous pensons à toi chaque jour et nous attendons ta lettre.", "fr"),
        ("Drogi Aleksieju, myślimy o tobie każdego dnia i czekamy na twój list.", "pl"),
        ("Milý Alexeji, každý den na tebe myslíme a čekáme na tvůj dopis.", "cs"),
    ],
)
def test_other_languages_are_named_and_rejected(text, language):
    result = check(text)
    assert result.language == language
    assert result.verdict == "reject"
    assert {f.kind for f in result.findings} & {FOREIGN_LANGUAGE, FOREIGN_LETTERS}
    assert_spans_match(text, result)


def test_ukrainian_without_its_special_letters_is_still_caught():
    result = check("Як справи? Що нового? Це дуже добре.")
    assert result.language == "uk"
    assert result.verdict == "reject"


def test_mixed_letter_points_at_the_foreign_passage():
    text = (
        "Дорогой друг! Сегодня я хочу рассказать тебе о книге. The book is about a boy who "
        "lives on an island with his father. Она мне очень понравилась."
    )
    result = check(text)
    assert result.language == "mixed"
    assert result.verdict == "reject"
    assert spans(result, FOREIGN_LANGUAGE) == [
        "The book is about a boy who lives on an island with his father"
    ]


def test_single_ukrainian_word_in_a_russian_letter_is_only_a_warning():
    text = "Дорогой Алексей! Мама сказала, что дуже скучает. Мы все тебя ждём и очень любим."
    result = check(text)
    assert result.verdict == "warn"
    assert result.language == "ru"
    assert spans(result, FOREIGN_LANGUAGE) == ["дуже"]


def test_word_with_ukrainian_letter_is_reported_with_its_letters():
    text = "Передай привет Олексію и всей семье, мы очень ждём письма от вас."
    result = check(text)
    assert result.language == "ru"
    [finding] = [f for f in result.findings if f.kind == FOREIGN_LETTERS]
    assert finding.text == "Олексію"
    assert "і" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Привет! Купила новый iPhone, теперь фото получаются отличные 📷. Обнимаю!",
        "Здравствуй! Смотрели «Игру престолов» — в оригинале Game of Thrones. Затянуло.",
        "Привет! В 2023 году мы переехали в Калининград, на улицу Чайковского, 15. 😊",
        "Здравствуйте! Ещё раз спасибо. Еще хочу спросить: всё ли у вас есть? Ёлка стоит.",
        "Дорогой Джон! Передай привет Кейт и детям. Ждём вас летом в Сочи.",
        "Привет!\n\nP.S. Передай привет Ване.",
    ],
)
def test_names_brands_numbers_emoji_and_yo_do_not_fail_a_russian_letter(text):
    result = check(text)
    assert result.language == "ru"
    assert result.verdict in ("ok", "warn")
    assert_spans_match(text, result)


def test_brand_name_is_reported_as_latin():
    text = "Мы ходили в кафе Starbucks и пили кофе с корицей."
    result = check(text)
    assert result.verdict == "warn"
    assert spans(result, LATIN) == ["Starbucks"]


def test_unknown_words_are_listed_but_do_not_fail_the_letter():
    text = "Привет! Я очень скучаю, пиши мне чаще, жду ответа. Обнимаю крепко, твоя сестрёнка Кузя."
    result = check("Превет! Я очинь скучаю, пиши мне чаще, жду ответа. Обнимаю крепко.")
    assert result.verdict == "warn"
    assert result.language == "ru"
    assert spans(result, UNKNOWN_WORD) == ["Превет", "очинь"]
    # A capitalised word inside a sentence is probably a name: not listed.
    assert "Кузя" not in spans(check(text), UNKNOWN_WORD)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Я много думаю о войне.", "войне"),
        ("Все устали от этой войны, я знаю.", "войны"),
        ("Мы были опалены войной.", "войной"),
        ("Про СВО лучше не писать.", "СВО"),
        ("Вчера был большой митинг в центре.", "митинг"),
        ("Скоро будет апелляция, держись.", "апелляция"),
        ("Передай маляву соседу.", "маляву"),
        ("У вас там часто шмоны?", "шмоны"),
        ("Какой же это бред, блядь.", "блядь"),
        ("Он вернулся с фронта другим.", "фронта"),
    ],
)
def test_risky_words_match_in_every_inflection(text, word):
    result = check(text, "en")
    assert result.verdict == "warn"
    risks = [f for f in result.findings if f.kind == RISK]
    assert [f.text for f in risks] == [word]
    assert risks[0].message  # each finding says why


def test_risky_phrase_is_one_finding():
    text = "Как продвигается уголовное дело?"
    result = check(text, "en")
    [risk] = [f for f in result.findings if f.kind == RISK]
    assert risk.text == "уголовное дело"
    assert risk.topic == "case"


def test_ordinary_words_are_not_risks():
    text = "Как дела? Мир прекрасен, весна пришла, пиши мне о книгах и кошках."
    assert check(text).verdict == "ok"


def test_phone_numbers_links_and_emails_are_risks():
    text = "Звони +7 (999) 123-45-67 или 89991234567, пиши ivan@mail.ru, читай https://ovd.info/x."
    result = check(text, "en")
    assert result.language == "ru"
    assert result.verdict == "warn"
    assert spans(result, RISK) == [
        "+7 (999) 123-45-67",
        "89991234567",
        "ivan@mail.ru",
        "https://ovd.info/x",
    ]
    assert not spans(result, LATIN)  # the link's letters are not a foreign language


def test_dates_and_years_are_not_phone_numbers():
    assert check("Увидимся 12.05.2025 в 15:30, а в 2026 году переедем.").verdict == "ok"


def test_capital_letter_codes_are_risks_but_shouting_is_not():
    result = check("ОЧЕНЬ ЖДУ ПИСЬМА! Передай АБВГД. Как в СИЗО?", "en")
    assert spans(result, RISK) == ["АБВГД"]


def test_over_length_marks_the_part_past_the_limit():
    limit = SERVICE_LIMITS[0].max_chars
    text = "Привет, друг! Ты знаешь, что мы тебя любим и ждём. " * 60
    result = check(text, "en")
    assert result.verdict == "warn"
    [finding] = [f for f in result.findings if f.kind == LENGTH]
    assert finding.start == limit
    assert finding.end == len(text)
    assert "OVD-Info" in finding.message
    assert result.stats.chars == len(text)
    assert result.stats.a4_pages > 1


def test_exactly_at_the_limit_is_fine():
    limit = SERVICE_LIMITS[0].max_chars
    text = ("Мы все тебя ждём. " * 200)[:limit]
    assert not spans(check(text), LENGTH)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", EMPTY),
        ("   \n\t  ", EMPTY),
        ("😀😀😀", EMPTY),
        ("12345, 678!", EMPTY),
        ("При\x00вет", UNUSABLE),
        ("\x01\x02\x03\x04 привет", UNUSABLE),
        ("\ufffd\ufffd\ufffd\ufffdPNG\ufffd", UNUSABLE),
        ("ааааа ббббб", UNUSABLE),
    ],
)
def test_bad_input_is_rejected_with_a_clear_finding(text, kind):
    result = check(text)
    assert result.verdict == "reject"
    assert kind in {f.kind for f in result.findings}
    assert_spans_match(text, result)
    json.dumps(result.to_dict())


def test_a_megabyte_of_text_is_refused_quickly():
    text = "Привет! " * 130_000
    result = check(text)
    assert result.verdict == "reject"
    assert [f.kind for f in result.findings] == [UNUSABLE]
    assert result.stats.chars == len(text)


def test_a_stray_control_character_is_removed_not_fatal():
    text = "Привет!\x07 Как дела?"
    result = check(text)
    assert result.verdict == "warn"
    assert result.fixed_text == "Привет! Как дела?"


def test_messages_follow_the_locale_and_fall_back_to_english_msgids():
    english = check("Я много думаю о войне.", "en").findings[0].message
    assert english.startswith("The war")
    # Unknown locales fall back to the default catalogue; the message is never empty.
    assert check("Я много думаю о войне.", "xx").findings[0].message
