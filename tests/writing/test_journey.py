"""From the letter form to a PDF, the queue or a service — and nothing lost on the way."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from letters.batches.models import LetterStatus, QueuedLetter
from letters.extensions import db
from tests.writing.conftest import RUSSIAN_LETTER, letter_form

UKRAINIAN = "Привіт! Як справи? Що нового у тебе? Я дуже чекаю на відповідь."


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_write_page_shows_the_form_and_the_guidance(client, sample_directory):
    page = client.get(
        f"/prisoners/{sample_directory['Миронов']}/write", headers={"Accept-Language": "en"}
    )
    assert page.status_code == 200
    assert 'name="text"' in page.text
    assert "What to leave out" in page.text
    assert "OVD-Info: Letters Across Borders: at most 2400" in page.text


def test_letter_and_envelope_pdfs(client, sample_directory):
    pid = sample_directory["Миронов"]
    envelope = client.post(f"/prisoners/{pid}/write/envelope.pdf", data=letter_form())
    assert envelope.status_code == 200
    assert envelope.headers["Content-Type"] == "application/pdf"
    assert envelope.headers["Cache-Control"] == "no-store"
    text = pdf_text(envelope.data)
    assert "Миронову Сергею Геннадьевичу" in text
    assert "ФКУ СИЗО-2 УФСИН России по" in text
    assert "403882" in text
    letter = client.post(f"/prisoners/{pid}/write/letter.pdf", data=letter_form())
    letter_text = pdf_text(letter.data)
    assert "У нас выпал первый снег" in letter_text
    assert "Анна" in letter_text


def test_printing_stores_nothing(app, client, sample_directory):
    pid = sample_directory["Миронов"]
    client.post(f"/prisoners/{pid}/write", data=letter_form(action="prepare"))
    client.post(f"/prisoners/{pid}/write/letter.pdf", data=letter_form())
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0


def test_prepare_page_previews_the_envelope_and_carries_the_letter(client, sample_directory):
    pid = sample_directory["Миронов"]
    page = client.post(
        f"/prisoners/{pid}/write",
        data=letter_form(
            action="prepare", reply_kit="y", sender_address="ул. Баумана, 1\n420111 Казань"
        ),
        headers={"Accept-Language": "en"},
    )
    assert page.status_code == 200
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', page.text)
    assert "Download the reply envelope (PDF)" in page.text
    assert 'name="text" value="Здравствуйте, Сергей!' in page.text


def test_reply_envelope_is_addressed_back_from_the_prisoner(client, sample_directory):
    pid = sample_directory["Миронов"]
    reply = client.post(
        f"/prisoners/{pid}/write/reply.pdf",
        data=letter_form(reply_kit="y", sender_name="Анна Иванова",
                         sender_address="ул. Баумана, д. 1\n420111 Казань"),
    )  # fmt: skip
    text = pdf_text(reply.data)
    assert "Миронов Сергей Геннадьевич, 1981 г. р." in text  # the prisoner, as the sender
    assert "Анна Иванова" in text
    assert "420111" in text.splitlines()  # the writer's postcode, on its own line


def test_reply_kit_without_an_address_is_a_clear_error(client, sample_directory):
    url = f"/prisoners/{sample_directory['Миронов']}/write"
    headers = {"Accept-Language": "en"}
    page = client.post(url, data=letter_form(action="prepare", reply_kit="y"), headers=headers)
    assert page.status_code == 422
    assert "The reply envelope needs an address" in page.text
    no_postcode = letter_form(action="prepare", reply_kit="y", sender_address="Казань")
    page = client.post(url, data=no_postcode, headers=headers)
    assert page.status_code == 422
    assert "Add your six-digit postcode to the return address" in page.text


def test_rejected_letter_cannot_be_printed_queued_or_handed_off(app, client, sample_directory):
    pid = sample_directory["Миронов"]
    for url, action in [
        (f"/prisoners/{pid}/write", "prepare"),
        (f"/prisoners/{pid}/write", "queue"),
        (f"/prisoners/{pid}/write/letter.pdf", None),
        (f"/prisoners/{pid}/handoff/ovd_info", None),
    ]:
        page = client.post(url, data=letter_form(text=UKRAINIAN, action=action),
                           headers={"Accept-Language": "en"})  # fmt: skip
        assert page.status_code == 422, url
        assert "This letter would not pass the prison censor" in page.text
        assert "Ukrainian" in page.text  # says exactly what is wrong
        assert "Що нового у тебе?" in page.text  # and keeps what was typed
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0


def test_no_javascript_check_and_accepting_the_fixes(client, sample_directory):
    pid = sample_directory["Миронов"]
    typed = "Здравствуйте! Пишу вам из Kазани. Kak dela? У нас выпал снег."
    checked = client.post(f"/prisoners/{pid}/write", data=letter_form(text=typed, action="check"),
                          headers={"Accept-Language": "en"})  # fmt: skip
    assert checked.status_code == 200
    assert '<q lang="ru">Kak dela</q>' in checked.text  # translit
    assert '<q lang="ru">Kазани</q>' in checked.text  # a Latin K in a Cyrillic word
    assert "Use the corrected text" in checked.text
    fixed = client.post(f"/prisoners/{pid}/write",
                        data=letter_form(text=typed, action="accept_fixes"))  # fmt: skip
    assert "Пишу вам из Казани. Как дела?" in fixed.text


def test_queue_gives_a_reference_and_a_status_page(app, client, sample_directory):
    response = client.post(
        f"/prisoners/{sample_directory['Миронов']}/write", data=letter_form(action="queue")
    )
    assert response.status_code == 302
    reference = response.headers["Location"].rsplit("/", 1)[1]
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", reference)
    with app.app_context():
        letter = db.session.query(QueuedLetter).one()
        assert letter.text == RUSSIAN_LETTER
        assert letter.status is LetterStatus.QUEUED
        assert [e.status for e in letter.events] == [LetterStatus.QUEUED]
    status = client.get(f"/letters/{reference}", headers={"Accept-Language": "en"})
    assert "Waiting for a volunteer" in status.text
    assert RUSSIAN_LETTER[:20] not in status.text  # the page shows where it is, not what it says
    found = client.get(f"/letters?code={reference.lower().replace('-', ' ')}")
    assert found.headers["Location"] == f"/letters/{reference}"


def test_unknown_reference(client):
    page = client.get("/letters?code=AAAA-BBBB", headers={"Accept-Language": "en"})
    assert "No letter has this code" in page.text
    assert client.get("/letters/AAAA-BBBB").status_code == 404


def test_prisoner_without_address_cannot_be_queued_but_can_be_handed_off(client, sample_directory):
    pid = sample_directory["Перов"]
    page = client.get(f"/prisoners/{pid}/write", headers={"Accept-Language": "en"})
    assert "Ask volunteers to print and post it" not in page.text
    refused = client.post(
        f"/prisoners/{pid}/write",
        data=letter_form(action="queue"),
        headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 409
    assert "This cannot be done now" in refused.text
    handoff = client.post(f"/prisoners/{pid}/handoff/memorial_france", data=letter_form())
    assert handoff.status_code == 200
    assert client.post(f"/prisoners/{pid}/handoff/zt", data=letter_form()).status_code == 404


def test_handoff_lists_the_services_fields_in_order_with_copy_buttons(client, sample_directory):
    page = client.post(
        f"/prisoners/{sample_directory['Миронов']}/handoff/zt",
        data=letter_form(),
        headers={"Accept-Language": "en"},
    )
    ids = re.findall(r'<(?:input|textarea)[^>]* id="copy-([a-z_]+)"', page.text)
    assert ids == ["region", "facility", "full_name", "birth_year", "text"]
    assert 'value="Миронов Сергей Геннадьевич"' in page.text
    assert 'value="ФКУ СИЗО-2 УФСИН России по Волгоградской области"' in page.text
    assert page.text.count("data-copy=") == 5
    assert 'href="https://zt.ru/"' in page.text


def test_ovd_info_refuses_a_letter_over_2400_characters(client, sample_directory):
    long_letter = (RUSSIAN_LETTER + "\n\n") * 20
    assert len(long_letter) > 2400
    page = client.post(
        f"/prisoners/{sample_directory['Миронов']}/handoff/ovd_info",
        data=letter_form(text=long_letter),
        headers={"Accept-Language": "en"},
    )
    assert page.status_code == 422
    assert "accepts at most 2400 characters" in page.text


def test_from_abroad_envelope_says_russia(client, sample_directory):
    envelope = client.post(
        f"/prisoners/{sample_directory['Миронов']}/write/envelope.pdf",
        data=letter_form(from_abroad="y", sender_country="Germany", sender_name="Anna Ivanova",
                         sender_address="Musterstraße 12\n10115 Berlin"),
    )  # fmt: skip
    lines = pdf_text(envelope.data).splitlines()
    assert "RUSSIA" in lines
    assert "GERMANY" in lines


def test_from_abroad_needs_the_country(client, sample_directory):
    page = client.post(
        f"/prisoners/{sample_directory['Миронов']}/write",
        data=letter_form(from_abroad="y", action="prepare"),
        headers={"Accept-Language": "en"},
    )
    assert page.status_code == 422
    assert "Name the country you send from" in page.text


def test_a_letter_whose_envelope_cannot_be_laid_out_is_refused_with_the_draft_kept(
    app, client, sample_directory
):
    """The queue takes only letters a batch can print (issue 12: one letter blocked a batch)."""
    name = "А" * 200  # one unbreakable word: no type size fits it on the envelope
    page = client.post(
        f"/prisoners/{sample_directory['Миронов']}/write",
        data=letter_form(action="queue", sender_name=name),
        headers={"Accept-Language": "en"},
    )
    assert page.status_code == 422
    assert "The sender&#39;s address does not fit on the C6 envelope" in page.text
    assert RUSSIAN_LETTER in page.text and name in page.text  # nothing typed is lost
    with app.app_context():
        assert db.session.query(QueuedLetter).count() == 0
    ru = client.post(
        f"/prisoners/{sample_directory['Миронов']}/write",
        data=letter_form(action="queue", sender_name=name),
        headers={"Accept-Language": "ru"},
    )
    assert ru.status_code == 422 and "не помещается" in ru.text


BERLIN = "Musterstraße 12\n10115 Berlin\nGermany"


def test_a_return_address_abroad_is_decided_without_the_box(app, client, sample_directory):
    """«Musterstraße 12, 10115 Berlin» goes from abroad even when the box was left empty."""
    page = client.post(
        f"/prisoners/{sample_directory['Миронов']}/write",
        data=letter_form(action="prepare", sender_address="Musterstraße 12\n10115 Berlin"),
        headers={"Accept-Language": "en"},
    )
    assert page.status_code == 422 and "Name the country you send from" in page.text
    envelope = client.post(
        f"/prisoners/{sample_directory['Миронов']}/write/envelope.pdf",
        data=letter_form(sender_name="Anna", sender_address=BERLIN),
    )
    lines = pdf_text(envelope.data).splitlines()
    assert "RUSSIA" in lines and "GERMANY" in lines
    client.post(
        f"/prisoners/{sample_directory['Миронов']}/write",
        data=letter_form(action="queue", sender_address=BERLIN),
    )
    with app.app_context():
        assert db.session.query(QueuedLetter).one().from_abroad is True


def test_a_writer_abroad_is_offered_a_cyrillic_name_for_the_letter_page(client, sample_directory):
    url = f"/prisoners/{sample_directory['Миронов']}/write"
    abroad = {"sender_name": "Anna Schmidt", "sender_address": BERLIN}
    offered = client.post(
        url, data=letter_form(action="prepare", **abroad), headers={"Accept-Language": "en"}
    )
    assert offered.status_code == 200
    assert "which the censor may take for foreign text" in offered.text
    assert 'value="Анна Шмидт"' in offered.text  # shown to accept or edit, nothing printed yet
    assert "Download the letter" not in offered.text
    edited = {**abroad, "sender_name_cyrillic": "Анна Шмидт-Иванова", "cyrillic_offered": "1"}
    prepared = client.post(url, data=letter_form(action="prepare", **edited))
    assert prepared.status_code == 200 and "formaction" in prepared.text
    letter = client.post(f"{url}/letter.pdf", data=letter_form(**edited))
    assert "Анна Шмидт-Иванова" in pdf_text(letter.data)
    assert "Anna Schmidt" not in pdf_text(letter.data)
    envelope = client.post(f"{url}/envelope.pdf", data=letter_form(**edited))
    assert "Anna Schmidt" in pdf_text(envelope.data)  # the envelope keeps the Latin block
    # Cleared on purpose: the Latin name stays, and is not offered again.
    cleared = client.post(url, data=letter_form(action="prepare", cyrillic_offered="1", **abroad))
    assert "formaction" in cleared.text
    # A writer in Russia is not offered anything.
    home = client.post(url, data=letter_form(action="prepare", sender_name="Anna Schmidt"))
    assert "formaction" in home.text


def test_prepare_page_says_print_at_actual_size_and_how_the_reply_fits(client, sample_directory):
    """The page says in words to print at 100 %, and which reply envelope goes inside (DL: a
    C6 folded once)."""
    pid = sample_directory["Миронов"]
    form = letter_form(action="prepare", reply_kit="y", envelope_format="DL",
                       sender_address="ул. Баумана, 1\n420111 Казань")  # fmt: skip
    en = client.post(f"/prisoners/{pid}/write", data=form, headers={"Accept-Language": "en"})
    assert "Print envelopes and labels at 100 % (actual size)." in en.text
    assert "The reply envelope is C6: fold it once across its width" in en.text
    assert "inside the DL envelope" in en.text
    ru = client.post(f"/prisoners/{pid}/write", data=form, headers={"Accept-Language": "ru"})
    assert "100 %" in ru.text and "в натуральную величину" in ru.text
    reply = client.post(f"/prisoners/{pid}/write/reply.pdf", data=form)
    box = PdfReader(io.BytesIO(reply.data)).pages[0].mediabox
    assert round(float(box.width) * 25.4 / 72) == 162  # the C6 that fits the DL


def test_an_emoji_costs_nothing_one_click_removes_it(client, sample_directory):
    """The check marks the emoji; «Use the corrected text» removes it; the letter then prints."""
    pid = sample_directory["Миронов"]
    typed = RUSSIAN_LETTER + " Обнимаю 🤗!"
    checked = client.post(f"/prisoners/{pid}/write", data=letter_form(text=typed, action="check"),
                          headers={"Accept-Language": "en"})  # fmt: skip
    assert "finding-unprintable" in checked.text and "Use the corrected text" in checked.text
    fixed = client.post(f"/prisoners/{pid}/write",
                        data=letter_form(text=typed, action="accept_fixes"))  # fmt: skip
    assert "Обнимаю!" in fixed.text and "🤗" not in fixed.text
    printed = client.post(f"/prisoners/{pid}/write/letter.pdf",
                          data=letter_form(text=RUSSIAN_LETTER + " Обнимаю!"))  # fmt: skip
    assert printed.status_code == 200 and "Обнимаю!" in pdf_text(printed.data)
