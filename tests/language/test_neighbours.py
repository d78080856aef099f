"""Short texts: Russian passes, its Cyrillic neighbours are named, with the words that show it.

A two-sentence greeting in Ukrainian, Bulgarian or Kyrgyz need not hold a single letter Russian
lacks; the checker must still withhold it and say which language it looks like and why — and
must never withhold a Russian note, however colloquial, misspelt or shouted.
"""

from __future__ import annotations

import pytest

from letters.language import FOREIGN_LANGUAGE, FOREIGN_LETTERS, check
from letters.language.alphabets import RUSSIAN_LOWER

# Russian that looks odd: brand names in Latin letters, typos, no punctuation, capitals,
# colloquial and prison words, a quoted line of Church Slavonic, dates and numbers.
HARD_RUSSIAN = [
    "Привет! Купили новый iPhone и MacBook, а Wi-Fi дома так и не работает, смешно.",
    "ПРИВЕТ БРАТ ДЕРЖИСЬ ТАМ МЫ ВСЕ ЗА ТЕБЯ ПЕРЕЖИВАЕМ И ЖДЕМ ДОМОЙ",
    "привет как ты там у нас всё норм мама передаёт привет пиши скорее",
    "Превет! Сегодя была у тебя на суде, все нармально, адвакат говорит шансы есть.",
    "Братан, не парься, скоро откинешься, а там и шконку забудешь, и баланду, и вертухаев.",
    "Малява дошла, всё ровно. Кум лютует, но братва на связи. Чифирнём, когда выйдешь.",
    "Молюсь за тебя каждый день: «Отче наш, иже еси на небесех, да святится имя Твое».",
    "Господи, помилуй! «Богородице Дево, радуйся, Благодатная Марие, Господь с Тобою».",
    "Хлеб наш насущный даждь нам днесь — каждый вечер повторяю эти слова за тебя.",
    "Поздравляем с днем рождения 12.03.2024! Тебе 35 лет, ждем к 2025 году домой.",
    "Купила тебе в Ozon носки и свитер, отправлю через СДЭК, ждите посылку к 15-му.",
    "Ну шо, как ты там? Тут у нас всё путём, дед передаёт привет, кот толстеет.",
    "Ихний адвокат ваще ниче не понимает, ложит трубку и не перезванивает.",
    "Хай, чувак! Чё как? Мы тут с пацанами чилим, ваще норм, тока без тебя скучно.",
    "Ишь ты, какой шустрый! Ужо вернешься — сходим на рыбалку, как встарь.",
    "Денег нема, зато зараз три пирога съели. Вона как бывает! Держись, родной.",
    "Скоро побегу полумарафон 21 км! Тренер говорит, что я молодец. Обнимаю.",
    # Every word Russian, but spelt the Bulgarian way by the letter profiles (a wide lead),
    # once with a typo that makes one word unknown.
    "На круговой развязке сверните на съезд",
    "На круговой развязке сверните на сьезд",
    "Резко паверните направо на развязке",
    # Southern colloquial «може» (Ukrainian, Macedonian and Serbian list it).
    "Ну може быть, посмотрим, как оно будет. Не хочу тебя расстраивать.",
]


@pytest.mark.parametrize("text", HARD_RUSSIAN)
def test_hard_russian_is_never_rejected(text):
    result = check(text)
    assert result.verdict in ("ok", "warn")
    assert result.language == "ru"


def _plain(text: str) -> bool:
    return not any(
        "\u0400" <= char <= "\u04ff" and char not in RUSSIAN_LOWER for char in text.lower()
    )


# Each neighbour with its own letters and, where a short text can do without them, without.
NEIGHBOURS = [
    ("uk", "Привіт! Ми всі дуже сумуємо за тобою і чекаємо вдома."),
    ("uk", "Як справи? Що нового? Це дуже добре, що ти пишеш нам."),
    ("uk", "Мама каже, що все буде добре. Ми чекаємо на тебе вдома."),
    ("be", "Дзякуй за ліст, мы ўсе вельмі чакаем цябе дома."),
    ("be", "Дзякуй, мы чакаем цябе дома, усё будзе добра."),
    ("bg", "Мъжът ми те поздравява и чака писмото ти."),
    ("bg", "Здравей! Всичко е наред, ще ти пиша пак утре."),
    ("sr", "Драги пријатељу, сви те волимо и чекамо да се вратиш кући."),
    ("sr", "Сви смо добро, чекамо те и мислимо на тебе сваки дан."),
    ("mk", "Сите те сакаме и те чекаме, ќе се видиме наскоро."),
    # MediaWiki's Cite extension, i18n/mk.json (cite-wikieditor-help-content-reuse…)
    ("mk", "Дополнителна употреба на истиот навод, со дополнителни поединости"),
    # openstreetmap-website, config/locales/sr.yml and bg.yml: one word Russian lacks, the
    # others Russian forms, but the whole text spelt the neighbour's way by a wide margin.
    ("sr", "Уноси у дневнику корисника OpenStreetMap-а"),
    ("bg", "Заявка за промяна на парола"),
    ("rue", "Дякуєме за лист, вшыткы сьме здравы і чекаме тя дома."),
    ("kk", "Сәлем! Біз сені сағындық, үйде бәрі жақсы."),
    ("ky", "Салам! Биз сени абдан сагындык, үйдө баары жакшы."),
    ("ky", "Салам, досум! Биз сени абдан сагындык, тезирээк кайт."),
    ("tt", "Исәнме! Без сине бик сагындык, өйдә барысы да яхшы."),
    ("ba", "Һаумы! Беҙ һине бик һағындыҡ, өйҙә барыһы ла яҡшы."),
    ("mn", "Сайн уу! Бид чамайг их санаж байна, гэрийнхэн бүгд сайн."),
    ("mn", "Сайн байна уу? Бид чамайг их санаж байна."),
]


def test_the_cases_cover_texts_without_distinctive_letters():
    plain = {lang for lang, text in NEIGHBOURS if _plain(text)}
    assert {"uk", "be", "bg", "sr", "mk", "ky", "mn"} <= plain


@pytest.mark.parametrize(("language", "text"), NEIGHBOURS)
def test_neighbours_are_rejected_with_the_language_named(language, text):
    result = check(text)
    assert result.verdict == "reject"
    assert result.language == language
    assert {f.kind for f in result.findings} & {FOREIGN_LANGUAGE, FOREIGN_LETTERS}
    for finding in result.findings:
        assert finding.text == text[finding.start : finding.end]


def test_the_verdict_names_the_language_and_its_words_in_russian():
    text = "Мама каже, що все буде добре. Ми чекаємо на тебе вдома."
    [finding] = [f for f in check(text, "ru").findings if f.kind == FOREIGN_LANGUAGE]
    assert finding.message.startswith("Похоже на украинский язык (Українська): ")
    quoted = finding.message.split(":")[1].split(".")[0]
    assert "«каже»" in quoted
    assert "«чекаємо»" in quoted
    assert finding.text == text[: len(text) - 1]  # the whole text, up to its last word


def test_the_verdict_names_the_language_and_its_words_in_english():
    text = "Здравей! Всичко е наред, ще ти пиша пак утре."
    [finding] = [f for f in check(text, "en").findings if f.kind == FOREIGN_LANGUAGE]
    assert finding.message.startswith("This looks like Bulgarian (Български): ")
    assert '"Всичко"' in finding.message
    assert '"ще"' in finding.message


def test_evidence_words_are_words_russian_does_not_have():
    # «Як» is Russian too (a yak); «справи», «дуже» are not, and are shown first.
    text = "Як справи? Що нового? Це дуже добре, що ти пишеш нам."
    [finding] = [f for f in check(text, "en").findings if f.kind == FOREIGN_LANGUAGE]
    assert '"Як"' not in finding.message
    assert '"дуже"' in finding.message


def test_a_ukrainian_word_in_a_russian_note_is_still_only_a_warning():
    text = "Привет! Мама сказала, что дуже скучает. Пиши нам чаще, мы ждём."
    result = check(text)
    assert result.verdict == "warn"
    assert result.language == "ru"
    assert [f.text for f in result.findings if f.kind == FOREIGN_LANGUAGE] == ["дуже"]


def test_numeral_endings_are_not_words():
    # «му» in «к 15-му» is Bulgarian for "him" but here only a numeral's ending.
    result = check("Ждём тебя к 15-му, а потом к 20-му. Обнимаем.")
    assert result.verdict == "ok"
    assert result.stats.words == 7


# Debian catalogues that train the letter profiles (VLC's Mongolian, GNOME System Monitor's
# Kyrgyz): no word Russian knows and none of the language's function words, so only the
# spelling can name them.
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("mn", "Тоглох жагсаалт дахь дараагийн дамжуулга"),
        ("ky", "«Резиденттик эси» жараянынын тилке туурасы"),
    ],
)
def test_a_text_without_russian_or_function_words_is_named_by_its_spelling(language, text):
    result = check(text)
    assert (result.verdict, result.language) == ("reject", language)
    [finding] = [f for f in result.findings if f.kind == FOREIGN_LANGUAGE]
    assert finding.text == text[text.index(text.split()[0].strip("«")) :]


@pytest.mark.parametrize("text", ["ааааа ббббб ввввв ггггг ддддд", "ывфыв фывфыв фывфыв фывфыв"])
def test_gibberish_is_named_no_language(text):
    result = check(text)
    assert (result.verdict, result.language) == ("reject", "unknown")
