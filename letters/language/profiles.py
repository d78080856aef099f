"""Word profiles of the languages we name: frequent words and endings that mark each one.

Cyrillic lists leave out words that are also everyday Russian («на», «не», «тебе», «да»), so a
Russian letter never votes for another language through them; the letters Russian does not
use (see ``alphabets``) carry most of the weight, these lists catch texts that avoid them.
Latin lists are the most frequent function words of each language.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CYRILLIC_MARKERS: dict[str, frozenset[str]] = {
    "uk": _words(
        """
        що це дуже який яка яке які якщо як ти але або бо ніж вже ще щоб мене його її їх вона
        воно вони він ми ви був була було буде будуть дякую привіт вітаю сьогодні тепер також
        теж мабуть звичайно нічого немає треба можна кохаю сумую чекаю добре гарно гарний цей ця
        ці тобі собі мені є сім'я з із зі від під між коли де чи ні і й усі всі свій своє наші
        ваші котрий котра хто людина життя серце мова україна українська щось десь завжди ніколи
        дуже-дуже бувай цілую обіймаю тримайся
        """
    ),
    "be": _words(
        """
        гэта што хто як ён яна яны яго яе іх і ў з пра калі таму вельмі дзе усё усе быў будзе
        ёсць няма трэба можна дзякуй сёння заўтра цяпер таксама чалавек жыццё беларускі
        беларуская мова каб ці ні але бо яшчэ ужо вось нават толькі адзін адна сваю сябе мяне
        цябе табе іншы людзі дрэнна шмат вялікі сэрца
        """
    ),
    "bg": _words(
        """
        това тези този тази онова се ще съм си са беше бяха бях във със към който която което
        които когато защото където всички всеки всичко нещо нищо нея тях тя ние вие аз ги го му
        ѝ пак още вече сега днес утре тук здравей обичам искам мога трябва хора човек българия
        български език също обаче преди през чрез ако нека ама пък бе нашия нашата долу
        """
    ),
    "sr": _words(
        """
        је се су што али као нек ништа ником бити који која које још већ због пре неће биле ја
        ти ми ви њега њен њих све сви све данас сутра јуче овде тамо хвала волим хоћу треба људи
        човек србија српски језик такође међутим
        """
    ),
    "mk": _words(
        """
        си се од што ќе ова тоа таа тој тие кој која кое кои има беше сум сме сте ги го му неа
        нив многу исто каде кога зошто како сега денес утре луѓе човек македонија македонски
        јазик благодарам сакам можам треба
        """
    ),
    "kk": _words(
        """
        және бір бұл мен деп еді үшін болып туралы біз сіз ол олар жоқ емес керек қазақ адам
        барлық өз кейін сол ана тіл менің сенің оның біздің сәлем рақмет жақсы
        """
    ),
    "tt": _words(
        """
        һәм белән бу бер туган тел күп нәрсә дөнья исәнме ничек сагындык барыбыз иде дип өчен
        булып турында сез алар дә юк түгел кирәк кеше барлык үз соң шул бик мин син әле инде
        әмма ләкин чөнки кебек тиеш сәлам рәхмәт
        """
    ),
    "ba": _words(
        """
        менән бик һаумы нисек ине өсөн тураһында беҙ һеҙ улар юҡ кәрәк башҡорт барлыҡ үҙ һуң һин
        ләкин сөнки кеүек тейеш сәләм рәхмәт
        """
    ),
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

CYRILLIC_LANGUAGES = ("uk", "be", "bg", "sr", "mk", "kk", "tt", "ba")
LATIN_LANGUAGES = ("en", "de", "fr", "pl", "cs")
