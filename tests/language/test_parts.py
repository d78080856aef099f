"""The checker's parts on their own: look-alikes, translit, letters, lexicon, limits."""

from __future__ import annotations

import pytest

from letters.language.alphabets import foreign_letters, letter_votes
from letters.language.limits import CHARS_PER_A4_PAGE, a4_pages
from letters.language.lookalikes import fix_word, latin_as_cyrillic
from letters.language.morphology import analyzer, is_known
from letters.language.risks import LexiconError, find_risks, lexicon, parse_lexicon
from letters.language.translit import to_cyrillic


def test_fix_word_converts_the_minority_alphabet():
    assert fix_word("пpивeт") == "привет"
    assert fix_word("Hеllо") == "Hello"
    assert fix_word("привет") is None  # nothing to fix
    assert fix_word("дeлa") == "дела"
    assert fix_word("шoк") == "шок"
    assert fix_word("фwх") is None  # w has no Cyrillic look-alike, ф none in Latin


def test_latin_word_of_lookalikes_reads_as_cyrillic():
    assert latin_as_cyrillic("Bce") == "Все"
    assert latin_as_cyrillic("HET") == "НЕТ"
    assert latin_as_cyrillic("Bob") is None


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("privet", "привет"),
        ("Privet", "Привет"),
        ("zhdu", "жду"),
        ("jdu", "жду"),
        ("shchi", "щи"),
        ("ya", "я"),
        ("ja", "я"),
        ("lyublyu", "люблю"),
        ("ljublju", "люблю"),
        ("chto", "что"),
        ("tchto", "что"),
        ("pis'mo", "письмо"),
        ("pismo", "письмо"),
        ("tolko", "только"),
        ("ochen", "очень"),
        ("eto", "это"),
        ("druzya", "друзья"),
        ("zdravstvuy", "здравствуй"),
    ],
)
def test_translit_reads_several_systems(latin, cyrillic):
    assert to_cyrillic(latin) == (cyrillic, True)


def test_translit_of_a_non_russian_word_says_so():
    reading, known = to_cyrillic("iPhone")
    assert not known
    assert reading


def test_letter_votes_name_the_languages():
    assert letter_votes("її") == {"uk": 1.0}
    assert letter_votes("ўсё") == {"be": 1.0}
    assert letter_votes("ћерка") == {"sr": 1.0}
    assert letter_votes("ќе") == {"mk": 1.0}
    assert letter_votes("өзіңе") == {"kk": 1.0}
    assert letter_votes("вөҗдан") == {"tt": 1.0}
    assert letter_votes("беҙ") == {"ba": 1.0}
    assert letter_votes("był") == {"pl": 1.0}
    assert letter_votes("привет") == {}
    assert foreign_letters("Олексій") == ["і"]


def test_analyzer_is_built_once():
    assert analyzer() is analyzer()
    assert is_known("войной")
    assert not is_known("що")


def test_lexicon_loads_and_every_topic_has_a_reason_and_words():
    lex = lexicon()
    assert lex is lexicon()  # read once per process
    ids = {topic.id for topic in lex.topics}
    assert {"case", "war", "politics", "extremism", "lgbt", "jargon", "swearing"} <= ids
    assert {"drugs", "weapons"} <= ids
    for topic in lex.topics:
        assert topic.reason
        assert topic.lemmas or topic.phrases or topic.stems


def test_malformed_lexicon_is_refused():
    with pytest.raises(LexiconError):
        parse_lexicon({"topic": [{"id": "x", "reason": "y", "lemmas": "not a list"}]})
    with pytest.raises(LexiconError):
        parse_lexicon({"topic": []})
    with pytest.raises(LexiconError):
        parse_lexicon({"topic": [{"id": "x", "lemmas": ["a"]}]})


def test_find_risks_matches_lemmas_phrases_and_stems():
    words = ["Говорят", "о", "войне", "", "специальной", "военной", "операции", "охуеть"]
    found = [(m.first, m.last, m.topic_id) for m in find_risks(words)]
    assert found == [(2, 2, "war"), (4, 6, "war"), (7, 7, "swearing")]


def test_stems_match_only_at_the_start_of_a_word():
    assert find_risks(["страхуется", "застрахуй"]) == []


def test_a4_pages_counts_lines_and_paragraphs():
    assert a4_pages("") == 0.0
    assert a4_pages("а" * CHARS_PER_A4_PAGE) == 1.0
    # Fifty one-line paragraphs take more paper than their characters suggest.
    assert a4_pages("Привет!\n" * 50) == 2.0
