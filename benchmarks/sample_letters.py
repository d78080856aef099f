"""Varied, realistic letters for the benchmarks: no two texts alike, as in a real batch.

A benchmark that prints one text a thousand times flatters every cache (the language check
remembers words, the address parser whole blocks); real batches are letters from different
people. Each letter here is four paragraphs drawn from a pool of sentences a supporter might
write, about 1,000–1,500 characters (one A4 page), to one of 48 recipients, from one of many
writers. Deterministic for a given seed, so runs can be compared.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FACILITIES = (
    "ФКУ СИЗО-2 УФСИН России по Волгоградской области, ул. Рабочая, д. 38, г. Камышин, "
    "Волгоградская область, 403882",
    "ФКУ ИК-2 ГУФСИН России по Свердловской области, ул. Краснодарская, д. 1, "
    "г. Екатеринбург, Свердловская область, 620000",
    "ФКУ ИК-2 УФСИН России по Республике Мордовия, ул. Центральная, д. 3, п. Молочница, "
    "Зубово-Полянский район, Республика Мордовия, 431120",
    "ФКУ СИЗО-1 ГУФСИН России по Красноярскому краю, ул. Республики, д. 74, г. Красноярск, "
    "Красноярский край, 660075",
)
PRISONERS = (  # the name in the dative, as the envelope has it, and the year of birth
    "Миронову Сергею Геннадьевичу, 1981", "Петрову Ивану Сергеевичу, 1990",
    "Кузнецовой Марии Андреевне, 1975", "Смирнову Алексею Викторовичу, 1968",
    "Орлову Денису Павловичу, 1987", "Волковой Анне Игоревне, 1993",
    "Фёдорову Николаю Ильичу, 1959", "Зайцеву Роману Олеговичу, 2001",
    "Морозовой Екатерине Юрьевне, 1984", "Белову Артёму Сергеевичу, 1996",
    "Егорову Виктору Андреевичу, 1972", "Никитиной Ольге Степановне, 1966",
)  # fmt: skip
# Every prisoner in every facility: 48 different recipients, as in a batch of real letters.
RECIPIENTS = tuple(f"{name} г. р., {place}" for name in PRISONERS for place in FACILITIES)

NAMES = ("Анна", "Ольга", "Мария", "Елена", "Дмитрий", "Павел", "Ирина", "Наталья", "Алексей")
SURNAMES = ("Иванова", "Смирнова", "Попова", "Соколова", "Лебедева", "Козлова", "Новикова")
CITIES = (  # (where: "я живу в …", the address line, the postcode)
    ("Екатеринбурге", "г. Екатеринбург", "620014"),
    ("Москве", "г. Москва", "101000"),
    ("Новосибирске", "г. Новосибирск", "630099"),
    ("Казани", "г. Казань", "420111"),
    ("Перми", "г. Пермь", "614000"),
)
STREETS = ("ул. Ленина", "ул. Мира", "пр. Победы", "ул. Садовая", "ул. Гагарина")

OPENINGS = (
    "Меня зовут {name}, я живу в {city} и работаю в детской библиотеке.",
    "Пишу вам впервые: меня зовут {name}, я живу в {city} и работаю учительницей.",
    "Здравствуйте ещё раз! Это снова {name}, я писала вам в прошлом месяце.",
    "Меня зовут {name}. Недавно я прочитала о вас и решила написать.",
)
SENTENCES = (
    "Хочу, чтобы вы знали: о вас помнят и за вас переживают.",
    "У нас уже выпал первый снег, и по утрам очень красиво.",
    "Вечерами я гуляю с собакой по набережной, ей семь лет, и она очень любит снег.",
    "Сейчас я читаю «Дерсу Узала» Арсеньева и очень советую эту книгу.",
    "На работе много дел: готовим выставку новых книг для школьников.",
    "В выходные мы с друзьями ездили за город и пили чай у костра.",
    "Весной я собираюсь посадить на даче помидоры и огурцы.",
    "Недавно я научилась печь хлеб, и теперь дома всегда пахнет выпечкой.",
    "Моя сестра вышла замуж, свадьба была скромная, но очень тёплая.",
    "Я начала учить итальянский язык, пока получается не очень быстро.",
    "Мы смотрели старый фильм «Осенний марафон», и я смеялась весь вечер.",
    "В городе открыли новый парк, там много скамеек и фонарей.",
    "Мой сын пошёл в первый класс и очень гордится своим рюкзаком.",
    "Осенью мы ходили в лес за грибами и набрали целую корзину.",
    "У нас в библиотеке появился кот, дети приходят специально, чтобы его погладить.",
    "Я часто думаю о том, как важно поддерживать друг друга.",
    "Надеюсь, что у вас есть возможность гулять и читать.",
    "Если вам нужны книги или журналы, напишите, я постараюсь прислать.",
    "Расскажите, пожалуйста, как проходит ваш день и что вас радует.",
    "Какие книги вам нравятся? Может быть, вы любите историю или путешествия?",
    "Мне интересно, что вы думаете о прочитанном в последнее время.",
    "Погода у нас переменчивая: то солнце, то дождь со снегом.",
    "Вчера я была на концерте органной музыки, это было прекрасно.",
    "Друзья передают вам привет и тоже хотят написать.",
    "Я собираю открытки с видами разных городов и пришлю вам несколько.",
    "Мы с мамой варили варенье из крыжовника по бабушкиному рецепту.",
    "Недавно прошёл сильный ветер, и во дворе упало старое дерево.",
    "Кажется, зима в этом году будет долгой и холодной.",
    "Я знаю, что письма идут долго, поэтому пишу заранее.",
    "Пусть у вас хватит сил, терпения и здоровья.",
)
CLOSINGS = (
    "Держитесь! Буду ждать ответа.",
    "Напишите, если будет время и желание. Обнимаю.",
    "Берегите себя. Жду письма.",
    "Всего вам доброго, до следующего письма!",
)


@dataclass(frozen=True)
class SampleLetter:
    """One record of a ``letters render`` input, and its parts for an HTML rendering."""

    text: str
    to: str
    sender_name: str
    sender_lines: tuple[str, ...]

    @property
    def sender(self) -> str:
        return "\n".join((self.sender_name, *self.sender_lines))

    def record(self) -> dict[str, str]:
        return {"text": self.text, "to": self.to, "from": self.sender}


def sample_letters(count: int, seed: int = 1) -> list[SampleLetter]:
    """``count`` different letters, the same ones for the same ``seed``."""
    rng = random.Random(seed)
    letters = []
    for _ in range(count):
        name = rng.choice(NAMES)
        where, city, postcode = rng.choice(CITIES)
        pool = rng.sample(SENTENCES, 22)
        sizes = (rng.randint(5, 7), rng.randint(6, 8), rng.randint(5, 7))
        paragraphs = [OPENINGS[rng.randrange(len(OPENINGS))].format(name=name, city=where)]
        start = 0
        for size in sizes:
            paragraphs.append(" ".join(pool[start : start + size]))
            start += size
        paragraphs[-1] += " " + rng.choice(CLOSINGS)
        address = (f"{rng.choice(STREETS)}, д. {rng.randint(1, 90)}, кв. {rng.randint(1, 200)}",
                   city, postcode)  # fmt: skip
        letters.append(
            SampleLetter(
                text="\n\n".join(paragraphs),
                to=rng.choice(RECIPIENTS),
                sender_name=f"{rng.choice(SURNAMES)} {name}",
                sender_lines=address,
            )
        )
    return letters
