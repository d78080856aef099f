"""Word profiles of the languages we name: frequent words and endings that mark each one.

Cyrillic lists (data files, one per language, in ``data/function_words``) leave out words
that are also everyday Russian («на», «не», «тебе», «да»), so a Russian letter never votes for
another language through them; the letters Russian does not use (see ``alphabets``) carry
much of the weight, these lists and the letter n-gram profiles (``ngrams``) catch texts that
avoid them.
Latin lists are the most frequent function words of each language.
"""

from __future__ import annotations

import re
from pathlib import Path


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CYRILLIC_LANGUAGES = ("uk", "be", "bg", "sr", "mk", "rue", "kk", "ky", "tt", "ba", "mn")

_FUNCTION_WORDS = Path(__file__).resolve().parent / "data" / "function_words"


def _word_list(lang: str) -> frozenset[str]:
    """One language's closed-class word list: ``data/function_words/<lang>.txt``, # comments."""
    text = (_FUNCTION_WORDS / f"{lang}.txt").read_text(encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() if not line.startswith("#") for word in line.split()
    )


CYRILLIC_MARKERS: dict[str, frozenset[str]] = {
    lang: _word_list(lang) for lang in CYRILLIC_LANGUAGES
}

# Endings that only another Cyrillic language gives a word («-ння», «-ають» in Ukrainian).
CYRILLIC_ENDINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ння$|ають$|ують$|яють$"), "uk"),
    (re.compile(r"ццё$|ннё$|ыя$|аў$|дзе$|дзя|дзі"), "be"),
    (re.compile(r"ът$|ъ[бвгджзклмнпрстфхцчшщ]"), "bg"),
)

LATIN_MARKERS: dict[str, frozenset[str]] = {
    "en": _words(
        """
        the and of to in is it you that he was for on are as with his they i at be this have
        from or one had by but not what all were we when your can said there an each which she
        do how their if will up other about out many then them these so some her would make like
        him into time has two more could people my than first been who its now find down day did
        get come made may am me our love dear hope hello hi thank thanks very much well good
        know think want just because should must shall upon where why yes here over those such
        only also being every whom thou thee thy are born free equal dignity rights they endowed
        reason conscience towards another spirit brotherhood act
        """
    ),
    "de": _words(
        """
        der die das und ist nicht ein eine einen einem einer ich du er sie es wir ihr mit von zu
        den dem des auf für im sind war hat haben auch als wie noch aber nur wenn dass daß oder
        schon mir mich dich dir uns euch sein seine ihre ihren werden wird kann nach bei aus um
        über vor durch gegen ohne unter zwischen sehr gut liebe lieber herzlich danke bitte
        hallo heute immer hier jetzt alle allen alles mein meine dein deine jeder jede sich doch
        mal menschen sind frei gleich würde rechten geboren vernunft gewissen begabt sollen
        einander geist brüderlichkeit begegnen
        """
    ),
    "fr": _words(
        """
        le la les un une des du de et est en que qui dans pour pas ne ce il elle ils elles nous
        vous je tu au aux avec sur par plus mais ou où son sa ses leur leurs mon ma mes ton ta
        tes se sont être avoir été était fait tout tous toutes bien très cher chère bonjour
        merci aussi comme même faut notre votre nos vos cette ces donc car chez là ici oui non
        rien jamais toujours peut dit sans sous entre humains naissent libres égaux droits
        dignité doués raison conscience doivent agir uns envers autres esprit fraternité c'est
        j'ai
        """
    ),
    "pl": _words(
        """
        to w z na i o a bo po za od do ja ty wy ona ono oni rok nie się jest że jak ale co tak
        tylko jego jej ich mnie być był była było są będzie może przez przy dla pod nad już
        jeszcze bardzo tutaj teraz dzisiaj kiedy gdzie dlaczego który która które którzy wszyscy
        wszystkie ludzie człowiek dziękuję cześć kocham pozdrawiam drogi moja mój twoja twój
        swoje oraz lub aby żeby czy sobie rodzą wolni równi godności prawach obdarzeni rozumem
        sumieniem powinni postępować wobec innych duchu braterstwa
        """
    ),
    "cs": _words(
        """
        je se ve že jsem jsi jsou byl byla bylo být jak ale nebo když co který která které jeho
        její jejich mě tě si tak už ještě velmi moc děkuji ahoj milý milá všichni lidé člověk
        rodí svobodní sobě rovní důstojností právech nadáni rozumem svědomím mají spolu jednat
        duchu bratrství
        """
    ),
}

# Letter groups Russian translit never writes but Polish, German or French spell all the time.
LATIN_GROUPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"rz|cz|szcz|dz|w[aeiouy]"), "pl"),
    # Not «sch», «tz» or «-ich»: translit writes щ, ц and patronymics that way.
    (re.compile(r"ei[nt]|ung$|eit$|cht"), "de"),
    (
        re.compile(r"eau|aux$|eux$|au[tx]|oi[rst]|ou[rstx]?$|aient$|ait$|ment$|tion$|^qu|tre$"),
        "fr",
    ),
    (re.compile(r"th|wh|ght|ing$|tion$|ous$|ould$"), "en"),
)

LATIN_LANGUAGES = ("en", "de", "fr", "pl", "cs")
