"""The writer's experience, server side: no-JS check results, language switches that keep the
letter, the whole letter in the hand-off, post_by in the API, UTF-8 JSON, cacheable static files."""

from __future__ import annotations

import re
from datetime import date

from letters.directory.models import Prisoner
from letters.directory.presenter import post_by
from letters.extensions import db
from tests.writing.conftest import letter_form

EN = {"Accept-Language": "en"}


def test_a_no_javascript_check_lands_on_the_results_with_the_verdict_in_the_title(
    client, sample_directory
):
    pid = sample_directory["Миронов"]
    page = client.get(f"/prisoners/{pid}/write", headers=EN).text
    assert f'formaction="/prisoners/{pid}/write#check-results"' in page
    rejected = client.post(
        f"/prisoners/{pid}/write", data=letter_form(text="Hello, how are you?"), headers=EN
    )
    assert rejected.status_code == 422
    title = re.search(r"<title>(.*?)</title>", rejected.text, re.S).group(1)
    assert title.startswith("This letter would not pass the prison censor.")
    # An error summary linking to the field, and the text marked invalid.
    summary = re.search(r'<div class="error-summary".*?</div>', rejected.text, re.S).group(0)
    assert 'href="#text"' in summary
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*name="text"', rejected.text)
    # Only the verdict line is a live region.
    assert rejected.text.count("aria-live") == 1
    assert re.search(r'id="check-verdict"[^>]*aria-live="polite"', rejected.text)


def test_openings_work_as_plain_links(client, sample_directory):
    pid = sample_directory["Миронов"]
    page = client.get(f"/prisoners/{pid}/write", headers=EN).text
    link = re.search(r'<a href="(/prisoners/\d+/write\?opening=1)#letter-form"', page).group(1)
    opened = client.get(link, headers=EN).text
    assert re.search(r"<textarea[^>]*>\s*С днём рождения!", opened)


def test_switching_language_after_a_check_keeps_the_letter(client, sample_directory):
    pid = sample_directory["Миронов"]
    data = letter_form(text="Здравствуйте! Пишу из Kазани.", switch_lang="ru", action="check")
    page = client.post(f"/prisoners/{pid}/write", data=data, headers=EN)
    assert '<html lang="ru">' in page.text
    assert "Пишу из Kазани." in page.text
    assert "Kазани</q>" in page.text  # the check ran again, in Russian
    # and the choice is remembered for the next page
    assert '<html lang="ru">' in client.get("/about", headers=EN).text


def test_switching_language_on_an_empty_form_is_not_an_error(client, sample_directory):
    pid = sample_directory["Миронов"]
    page = client.post(
        f"/prisoners/{pid}/write", data={"switch_lang": "ru", "greeting": "Привет"}, headers=EN
    )
    assert page.status_code == 200
    assert 'value="Привет"' in page.text
    assert "error-summary" not in page.text


def test_switching_language_on_the_print_page_stays_on_the_print_page(client, sample_directory):
    pid = sample_directory["Миронов"]
    prepared = client.post(
        f"/prisoners/{pid}/write", data=letter_form(action="prepare"), headers=EN
    ).text
    assert '<input type="hidden" name="page" value="prepare">' in prepared
    assert 'name="switch_lang" value="ru"' in prepared
    switched = client.post(
        f"/prisoners/{pid}/write", data=letter_form(page="prepare", switch_lang="ru"), headers=EN
    )
    assert switched.status_code == 200
    assert "<h1>Письмо готово</h1>" in switched.text
    assert 'name="text" value="Здравствуйте, Сергей!' in switched.text


def test_prepare_page_previews_the_letter_itself(client, sample_directory):
    pid = sample_directory["Миронов"]
    page = client.post(
        f"/prisoners/{pid}/write", data=letter_form(action="prepare"), headers=EN
    ).text
    letter = re.search(r'<figure class="letter-preview">\s*<img src="([^"]+)" alt="([^"]+)"', page)
    assert letter.group(1).startswith("data:image/png;base64,") and len(letter.group(1)) > 2000
    assert letter.group(2) == "The first page of your letter, as it will print"


def test_handoff_carries_the_whole_letter_and_switches_language_without_loss(
    client, sample_directory
):
    pid = sample_directory["Миронов"]
    data = letter_form(greeting="Здравствуйте, Сергей!", text="Пишу вам из Казани.")
    page = client.post(f"/prisoners/{pid}/handoff/ovd_info", data=data, headers=EN).text
    whole = "Здравствуйте, Сергей!\n\nПишу вам из Казани.\n\nАнна"
    assert f'<textarea id="copy-text" readonly rows="10" lang="ru">{whole}</textarea>' in page
    assert f"this letter has {len(whole)}, with the greeting and signature" in page
    assert "Last checked" in page
    assert re.search(r'formaction="/prisoners/\d+/write">Back to my letter</button>', page)
    assert "hidden>Copy the letter</button>" in page  # shown by copy.js only
    # The language switch on this page posts the letter back here (it used to be a 405).
    assert f'form="letter-form" formaction="/prisoners/{pid}/handoff/ovd_info"' in page
    switched = client.post(
        f"/prisoners/{pid}/handoff/ovd_info", data={**data, "switch_lang": "ru"}, headers=EN
    )
    assert switched.status_code == 200
    assert "Отправить через" in switched.text and whole in switched.text


def test_the_service_limit_counts_greeting_and_signature(client, sample_directory):
    pid = sample_directory["Миронов"]
    text = "Добрый день! " * 183  # 2379 characters: within 2400 alone, over it as pasted
    assert len(text.strip()) <= 2400
    page = client.post(
        f"/prisoners/{pid}/handoff/ovd_info",
        data=letter_form(greeting="Здравствуйте, Сергей!", text=text, signature="Анна Иванова"),
        headers=EN,
    )
    assert page.status_code == 422
    assert "with the greeting and signature" in page.text


def test_post_by_is_never_in_the_past():
    today = date(2026, 12, 1)
    soon = post_by(date(1981, 12, 10), today, domestic_days=14, abroad_days=60)
    assert (soon.russia, soon.abroad, soon.too_late) == (None, None, True)
    later = post_by(date(1981, 3, 1), today, domestic_days=14, abroad_days=60)
    assert later.to_dict() == {"russia": "2027-02-15", "abroad": "2026-12-31"}
    leap = post_by(date(1980, 2, 29), today, domestic_days=14, abroad_days=60)
    assert leap.birthday == date(2027, 3, 1)


def test_the_api_card_carries_post_by_and_sends_utf8(app, client, sample_directory):
    pid = sample_directory["Миронов"]
    with app.app_context():
        db.session.get(Prisoner, pid).birth_date = date(1981, 6, 1)
        db.session.commit()
    response = client.get(f"/api/v1/prisoners/{pid}")
    assert "Миронов".encode() in response.data and b"\\u041c" not in response.data
    assert set(response.json["post_by"]) == {"russia", "abroad"}
    no_birthday = client.get(f"/api/v1/prisoners/{sample_directory['Перов']}").json
    assert no_birthday["post_by"] is None


def test_russian_pages_show_russian_dates(app, client, sample_directory, monkeypatch):
    from letters.web import views

    monkeypatch.setattr(views, "today", lambda: date(2026, 11, 1))
    with app.app_context():
        db.session.get(Prisoner, sample_directory["Миронов"]).birth_date = date(1981, 11, 28)
        db.session.commit()
    page = client.get("/", headers={"Accept-Language": "ru"}).text.replace("\u202f", " ")
    assert "28 ноября 2026 г." in page
    assert "14 ноября 2026 г." in page  # post from Russia by
    assert "через 4 недели" in page  # the birthday, relative
    assert "2026-11-28" not in page


def test_static_files_are_versioned_cached_and_do_not_vary_on_the_cookie(client, sample_directory):
    page = client.get("/", headers=EN).text
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = client.get(css)
    response.close()
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    assert "Cookie" not in response.headers.get("Vary", "")
    assert "Set-Cookie" not in response.headers
    # A page seen again does not re-issue the session cookie either.
    again = client.get("/", headers=EN)
    assert "Set-Cookie" not in again.headers


def test_the_status_page_explains_the_state_and_what_happens_next(client, sample_directory):
    pid = sample_directory["Миронов"]
    queued = client.post(f"/prisoners/{pid}/write", data=letter_form(action="queue"))
    page = client.get(queued.headers["Location"], headers=EN).text
    assert "A volunteer will print it" in page
    assert "deleted from this site 30 days after it is posted" in page
    assert re.search(r'data-copy="letter-code" hidden>Copy the code</button>', page)
    assert "What each step means" in page
    ru = client.get(queued.headers["Location"], headers={"Accept-Language": "ru"}).text
    assert "Ожидает волонтёра" in ru or "волонт" in ru


def test_the_footer_offers_the_volunteer_log_in(client):
    assert 'href="/login">Volunteer log-in</a>' in client.get("/about", headers=EN).text


def test_an_empty_search_lists_who_got_the_fewest_letters(app, client, sample_directory):
    from letters.batches.models import QueuedLetter

    with app.app_context():
        mironov = db.session.get(Prisoner, sample_directory["Миронов"])
        db.session.add(QueuedLetter(prisoner=mironov, text="…"))
        db.session.commit()
    page = client.get("/prisoners", headers=EN).text
    fewest = re.search(r'<ul class="results" id="fewest">(.*?)</ul>', page, re.S).group(1)
    assert fewest.index("Перов") < fewest.index("Миронов")  # no letters yet comes first


def test_russian_names_on_english_pages_are_marked_russian(client, sample_directory):
    pid = sample_directory["Миронов"]
    page = client.get(f"/prisoners/{pid}", headers=EN).text
    assert '<h1 id="prisoner-name"><span lang="ru">Миронов Сергей Геннадьевич</span></h1>' in page
    results = client.get("/prisoners?q=Mironov", headers=EN).text
    assert '<span lang="ru">ФКУ СИЗО-2 УФСИН России по Волгоградской области</span>' in results
    russian = client.get(f"/prisoners/{pid}", headers={"Accept-Language": "ru"}).text
    assert '<h1 id="prisoner-name">Миронов Сергей Геннадьевич</h1>' in russian


def test_a_summary_in_the_other_language_is_marked_as_such(client, sample_directory):
    pid = sample_directory["Перов"]  # the sample's summary is in English
    russian = client.get(f"/prisoners/{pid}", headers={"Accept-Language": "ru"}).text
    summary = re.search(r'<p id="summary">(.*?)</p>', russian, re.S).group(1)
    assert summary.startswith('<span lang="en">')
    assert "(по-английски)" in summary
    english = client.get(f"/prisoners/{pid}", headers=EN).text
    assert '<p id="summary"><span' not in english


def test_the_privacy_page_says_what_is_kept_where(client):
    page = client.get("/about", headers=EN).text
    assert "What is kept where" in page
    assert "for at most 7 days after your last change" in page
    assert "until 30 days after it is posted" in page


def test_the_account_page_names_the_role_in_russian(client, auth, volunteer):
    auth.login(volunteer.email)
    page = client.get("/account", headers={"Accept-Language": "ru"}).text
    assert "(волонтёр)" in page and "(volunteer)" not in page


def test_the_prisoner_page_dates_the_last_check_in_russian(client, sample_directory):
    page = client.get(
        f"/prisoners/{sample_directory['Миронов']}", headers={"Accept-Language": "ru"}
    )
    text = page.text.replace("\u202f", " ")
    assert re.search(r"\d{1,2} [а-я]+ \d{4} г\. \((сегодня|.* назад)\)", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}\.", text)


def test_the_status_page_says_when_a_transfer_readdressed_the_letter(app, client, sample_directory):
    from letters.directory.models import Facility

    pid = sample_directory["Миронов"]
    queued = client.post(f"/prisoners/{pid}/write", data=letter_form(action="queue"))
    assert "status-readdressed" not in client.get(queued.headers["Location"]).text
    with app.app_context():
        prisoner = db.session.get(Prisoner, pid)
        old = prisoner.facility
        prisoner.facility = Facility(
            name="ФКУ ИК-1", name_key="фку ик-1", kind=old.kind, region=old.region
        )
        db.session.commit()
    page = client.get(queued.headers["Location"], headers=EN).text
    assert "was moved after you wrote. The letter goes to the new address" in page


def test_a_suggestion_without_a_postal_address_says_how_to_reach_them(
    app, client, sample_directory
):
    from letters.directory.models import PrisonerStatus

    with app.app_context():
        db.session.get(Prisoner, sample_directory["Миронов"]).status = PrisonerStatus.RELEASED
        perov = db.session.get(Prisoner, sample_directory["Перов"])
        assert perov.facility is None and perov.services
        db.session.commit()
    page = client.get("/", headers=EN).text
    how = re.search(r'<p id="suggestion-how">(.*?)</p>', page, re.S).group(1)
    assert how.startswith("No postal address is known: write through ")
