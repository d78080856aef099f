"""What the writer is told, in Russian as a Russian reader expects it: plural forms, the dative,
one full stop, a woman called "та", the recipient's own name, no English inside a Russian page,
and the postage for a letter they print themselves."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date
from babel.messages.pofile import read_po

from letters.directory.models import Prisoner
from letters.extensions import db
from letters.messages import TRANSLATIONS_DIR
from tests.writing.conftest import letter_form

RU = {"Accept-Language": "ru"}
EN = {"Accept-Language": "en"}


def _text_of(length: int) -> str:
    words = "Здравствуйте Пишу Вам из Казани "
    return (words * (length // len(words) + 1))[:length].strip().ljust(length, "а")


def test_the_character_count_takes_russian_plural_forms(client, sample_directory):
    write = f"/prisoners/{sample_directory['Миронов']}/write"
    for length, shown in ((134, "134 символа"), (135, "135 символов"), (121, "121 символ")):
        page = client.post(write, data=letter_form(text=_text_of(length)), headers=RU).text
        counter = re.search(r'id="text-counter"[^>]*>\s*([^<·]+)', page).group(1).strip()
        assert counter == shown
    english = client.post(write, data=letter_form(text=_text_of(121)), headers=EN).text
    assert "121 characters" in english
    # The browser's counter gets every form, to choose by the page's language.
    strings = re.search(r'id="write-strings">(.*?)</script>', client.get(write, headers=RU).text)
    assert '"few": "{n} символа"' in strings.group(1)


def test_the_status_page_names_the_recipient_in_the_dative(client, sample_directory):
    sent = client.post(
        f"/prisoners/{sample_directory['Миронов']}/write", data=letter_form(action="queue")
    )
    status = sent.headers["Location"]
    assert "Кому: Миронову Сергею Геннадьевичу." in client.get(status, headers=RU).text
    assert (
        'To <span lang="ru">Миронов Сергей Геннадьевич</span>.'
        in client.get(status, headers=EN).text
    )


def test_no_russian_sentence_ends_a_date_with_a_second_full_stop():
    """«Отправлено 7 дек. 2026 г..»: a Russian date ends in «г.», which ends the sentence."""
    with (TRANSLATIONS_DIR / "ru" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="ru")
    day = date(2026, 12, 7)
    checked = 0
    for message in catalogue:
        # «Последняя проверка: 28 ноября 2026 г. (3 дня назад).»: its date ends in brackets.
        if message.id == "Last checked: %(date)s.":
            continue
        if isinstance(message.id, str) and message.id.endswith("%(date)s.") and message.string:
            for form in ("medium", "long"):
                shown = message.string.replace("%(date)s", format_date(day, form, locale="ru"))
                assert not shown.endswith(".."), shown
            checked += 1
    assert checked >= 2


def test_a_woman_is_someone_who_gets_few_letters_in_the_feminine(app, client, sample_directory):
    with app.app_context():
        for prisoner in db.session.query(Prisoner):
            prisoner.gender = "f"
        db.session.commit()
    assert "Та, кому мало пишут" in client.get("/", headers=RU).text
    with app.app_context():
        for prisoner in db.session.query(Prisoner):
            prisoner.gender = "m"
        db.session.commit()
    assert "Тот, кому мало пишут" in client.get("/", headers=RU).text


def test_the_greeting_example_uses_the_recipients_own_first_name(app, client, sample_directory):
    pid = sample_directory["Миронов"]
    assert 'placeholder="Здравствуйте, Сергей!"' in client.get(f"/prisoners/{pid}/write").text
    with app.app_context():
        db.session.get(Prisoner, pid).first_name = "Мария"
        db.session.commit()
    assert 'placeholder="Здравствуйте, Мария!"' in client.get(f"/prisoners/{pid}/write").text


def test_the_hand_off_says_when_it_was_checked_in_russian(client, sample_directory):
    pid = sample_directory["Миронов"]
    page = client.post(f"/prisoners/{pid}/handoff/zt", data=letter_form(), headers=RU).text
    fact = re.search(r'id="checked-fact">([^<]+)<', page).group(1)
    assert fact.startswith("2025 (на странице «Мемориала»")
    assert "Memorial's page" not in page


def test_people_who_print_themselves_get_the_postage_and_where_to_buy_it(client, sample_directory):
    pid = sample_directory["Миронов"]
    page = client.post(
        f"/prisoners/{pid}/write", data=letter_form(action="prepare"), headers=RU
    ).text
    postage = re.search(r'<li id="postage">(.*?)</li>', page, re.S).group(1)
    assert re.search(r"Марки на это письмо: \d+,\d\d\xa0₽", postage), postage
    assert "Почты России" in postage and "около 10 г" in postage  # one sheet in a C6 envelope
    assert "отделении Почты России" in page
    english = client.post(
        f"/prisoners/{pid}/write", data=letter_form(action="prepare", reply_kit=None), headers=EN
    ).text
    assert "Stamps for this letter:" in english and 'id="where-to-buy"' in english
