"""The writer's experience in Chromium at 360 px and 1280 px: findings beside the words, the
live verdict, focus, no-JavaScript checks, language switches that keep the letter, the whole
letter in the hand-off, the status page, birthdays on a fixed date, phone layouts and axe-core."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from letters.auth.models import Role
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner
from letters.extensions import db
from tests.browser.conftest import ARTIFACTS, LiveServer
from tests.conftest import PASSWORD, create_user

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "fixtures" / "axe.min.js"
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
TYPED = "Здравствуйте, Сергей! Пишу вам из Kазани. Privet, kak dela? У нас выпал первый снег."
FIXED = "Здравствуйте, Сергей! Пишу вам из Казани. Привет, как дела? У нас выпал первый снег."
LABEL = {"ru": "Ваше письмо на русском", "en": "Your letter, in Russian"}


@pytest.fixture
def app_with_sample(make_app):
    app = make_app()
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
    return app


@pytest.fixture
def server(app_with_sample):
    with LiveServer(app_with_sample) as live:
        yield live


def write_url(server, prisoner_id: int = 1) -> str:
    return f"{server.url}/prisoners/{prisoner_id}/write"


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def axe_violations(page) -> list[str]:
    """axe-core's violations on the current page (WCAG 2.1 A and AA rules)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]


@pytest.mark.parametrize("locale", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_findings_sit_beside_the_words(server, page_factory, locale, viewport):
    page = page_factory(locale=locale, viewport=viewport)
    page.goto(write_url(server))
    text = page.get_by_label(LABEL[locale])
    text.fill(TYPED)
    page.wait_for_selector("#check-findings li.finding-translit")
    if viewport is PHONE:
        page.evaluate("document.querySelector('.compose-text').scrollIntoView({block: 'start'})")
    else:
        page.evaluate("window.scrollTo(0, 0)")
    name = f"write-{viewport['width']}px-{locale}.png"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    page.screenshot(path=str(ARTIFACTS / f"write-{viewport['width']}px-{locale}-viewport.png"))
    if SCREENSHOTS.is_dir():
        shutil.copy(ARTIFACTS / name, SCREENSHOTS / name)
    area, finding = box(page, "textarea[name=text]"), box(page, "#check-findings li")
    height = viewport["height"]
    # Visible together, without scrolling from the text box.
    assert area["y"] >= 0 and (viewport is PHONE or area["y"] + area["height"] <= height)
    assert finding["y"] >= 0 and finding["y"] + 20 <= height
    if viewport is DESKTOP:
        assert finding["x"] >= area["x"] + area["width"]  # beside the text
        assert finding["y"] < area["y"] + area["height"]
    else:
        assert finding["y"] >= area["y"] + area["height"]  # under the box,
        assert box(page, "#signature")["y"] > finding["y"]  # before any other field
    assert no_horizontal_scroll(page)
    assert page.requests.foreign() == []
    assert page.errors == []


def test_the_write_page_is_short_on_a_phone(server, page_factory):
    page = page_factory(locale="ru", viewport=PHONE)
    page.goto(write_url(server))
    # Was 4,500 px: the envelope options and the guidance now fold away.
    assert page.evaluate("document.documentElement.scrollHeight") < 2600


def test_the_verdict_is_announced_once_per_change(server, page_factory):
    page = page_factory(locale="en", viewport=DESKTOP)
    page.goto(write_url(server))
    text = page.get_by_label(LABEL["en"])
    assert page.locator("[aria-live]").count() == 1
    assert page.locator("#check-verdict").get_attribute("aria-live") == "polite"
    with page.expect_response("**/api/v1/check"):
        text.fill("Hello, how are you?")
    page.wait_for_selector("#check-verdict.verdict-reject")
    assert text.get_attribute("aria-invalid") == "true"
    page.evaluate(
        """() => { window.verdictChanges = 0;
        new MutationObserver(() => window.verdictChanges++).observe(
          document.getElementById('check-verdict'),
          {childList: true, characterData: true, subtree: true}); }"""
    )
    # The same result again: the list is rebuilt, the live line is left alone.
    with page.expect_response("**/api/v1/check"):
        text.press("End")
        text.type(" ")
    assert page.evaluate("window.verdictChanges") == 0
    with page.expect_response("**/api/v1/check"):
        text.fill("Здравствуйте! У нас выпал первый снег.")
    page.wait_for_selector("#check-verdict.verdict-ok, #check-verdict.verdict-warn")
    assert page.evaluate("window.verdictChanges") == 1
    assert text.get_attribute("aria-invalid") == "false"
    assert page.errors == []


def test_fixes_return_focus_to_the_letter(server, page_factory):
    page = page_factory(locale="en", viewport=DESKTOP)
    page.goto(write_url(server))
    text = page.get_by_label(LABEL["en"])
    text.fill(TYPED)
    page.wait_for_selector("#check-findings li.finding-lookalike")
    # "Show in the letter" selects the words the finding is about.
    page.locator("#check-findings li.finding-lookalike").get_by_role(
        "button", name="Show in the letter"
    ).click()
    selected = page.evaluate(
        "(() => { const t = document.activeElement; "
        "return t.value.slice(t.selectionStart, t.selectionEnd); })()"
    )
    assert selected == "Kазани"
    assert "current" in page.locator("#check-findings li.finding-lookalike").get_attribute("class")
    page.get_by_role("button", name="Use the corrected text").click()
    assert page.evaluate("document.activeElement.name") == "text"
    assert text.input_value() == FIXED


def test_without_javascript_a_check_lands_on_the_findings(server, page_factory):
    page = page_factory(locale="en", viewport=PHONE, java_script_enabled=False)
    page.goto(write_url(server))
    page.get_by_label(LABEL["en"]).fill("Hello, how are you?")
    page.get_by_role("button", name="Check the letter").click()
    assert page.url.endswith("#check-results")
    assert page.title().startswith("This letter would not pass the prison censor.")
    results = box(page, "#check-results")
    assert -1 <= results["y"] < PHONE["height"]  # landed on the findings, not the top
    summary = page.locator("#error-summary")
    assert summary.get_by_role("link").first.get_attribute("href") == "#text"
    assert page.get_by_label(LABEL["en"]).get_attribute("aria-invalid") == "true"
    # Openings work as links.
    page.locator("#guidance summary").click()
    page.locator(".openings a").nth(1).click()
    assert page.get_by_label(LABEL["en"]).input_value().startswith("С днём рождения!")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_switching_language_never_loses_the_letter(server, page_factory, javascript):
    page = page_factory(locale="en", viewport=DESKTOP, java_script_enabled=javascript)
    page.goto(write_url(server))
    page.get_by_label("Greeting (optional)").fill("Здравствуйте, Сергей!")
    page.get_by_label(LABEL["en"]).fill("Пишу вам из Казани. У нас выпал первый снег.")
    page.get_by_label("Signature (optional)").fill("Анна")
    page.get_by_role("button", name="Check the letter").click()
    page.get_by_role("button", name="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_label(LABEL["ru"]).input_value().startswith("Пишу вам из Казани.")
    # On the print page.
    page.get_by_role("button", name="Распечатаю сам(а)").click()
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your letter is ready"
    # On the hand-off page (a 405 before).
    page.get_by_role("button", name="Back to the letter").click()
    page.get_by_role("button", name="OVD-Info: Letters Across Borders").click()
    page.get_by_role("button", name="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("#copy-text").input_value() == (
        "Здравствуйте, Сергей!\n\nПишу вам из Казани. У нас выпал первый снег.\n\nАнна"
    )
    page.get_by_role("button", name="Вернуться к письму").click()
    assert page.get_by_label("Подпись (необязательно)").input_value() == "Анна"


def test_handoff_copies_the_whole_letter_and_clears_the_draft_with_undo(server, page_factory):
    page = page_factory(locale="en", viewport=PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(write_url(server))
    page.get_by_label("Greeting (optional)").fill("Здравствуйте, Сергей!")
    page.get_by_label(LABEL["en"]).fill("Пишу вам из Казани.")
    page.get_by_label("Signature (optional)").fill("Анна")
    assert "48 characters" in page.locator("#text-counter").inner_text()
    page.get_by_role("button", name="OVD-Info: Letters Across Borders").click()
    page.get_by_role("button", name="Copy the letter").click()
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Здравствуйте, Сергей!\n\nПишу вам из Казани.\n\nАнна"
    )
    assert "Last checked" in page.locator(".facts").inner_text()
    assert no_horizontal_scroll(page)
    # The draft left this browser; one click brings it back.
    undo = page.locator("#draft-undo")
    assert "removed from this browser" in undo.inner_text()
    assert page.evaluate("localStorage.getItem('letters:draft:1')") is None
    undo.get_by_role("button", name="Keep the draft after all").click()
    page.goto(write_url(server))
    assert page.get_by_label(LABEL["en"]).input_value() == "Пишу вам из Казани."
    assert page.errors == []


def test_an_expired_draft_is_forgotten(server, page_factory):
    page = page_factory(locale="en", viewport=DESKTOP)
    page.goto(write_url(server))
    old = 8 * 24 * 3600 * 1000  # older than the 7 days the page states
    page.evaluate(
        "old => localStorage.setItem('letters:draft:1', JSON.stringify("
        "{saved: Date.now() - old, fields: {text: 'Старый черновик'}}))",
        old,
    )
    page.reload()
    assert page.get_by_label(LABEL["en"]).input_value() == ""
    assert page.evaluate("localStorage.getItem('letters:draft:1')") is None


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_the_status_page_explains_and_copies_the_code(server, page_factory, viewport):
    page = page_factory(locale="en", viewport=viewport)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(write_url(server))
    page.get_by_label(LABEL["en"]).fill("Здравствуйте! Пишу вам из Казани.")
    page.get_by_role("button", name="Ask volunteers to print and post it").click()
    reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Letter ")
    assert "A volunteer will print it" in page.locator("#status-next").inner_text()
    assert "30 days after it is posted" in page.locator("#status-deletion").inner_text()
    page.get_by_role("button", name="Copy the code").click()
    assert page.evaluate("navigator.clipboard.readText()") == reference
    assert "removed from this browser" in page.locator("#draft-undo").inner_text()
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    assert page.errors == []


def test_birthdays_on_a_fixed_date_on_a_phone(app_with_sample, page_factory, monkeypatch):
    from letters.web import views

    with app_with_sample.app_context():
        mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        mironov.birth_date = date(1981, 12, 10)
        db.session.commit()
    with LiveServer(app_with_sample) as live:
        page = page_factory(locale="ru", viewport=PHONE)
        # The case: on 1 December, 9 days before: too late by post, never «26 ноября».
        monkeypatch.setattr(views, "today", lambda: date(2026, 12, 1))
        page.goto(live.url + "/")
        row = page.locator("#birthdays tbody tr").first.inner_text().replace("\u202f", " ")
        assert "10 декабря 2026 г. (через 9 дней)" in row
        assert "Открытка по почте уже не успеет прийти вовремя." in row
        assert "отправьте его сегодня через Зонателеком (ZT)" in row
        assert "ноября" not in row
        assert no_horizontal_scroll(page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "home-birthdays-360px.png"), full_page=True)
        assert axe_violations(page) == []
        # A month earlier: in time from Russia, too late from abroad.
        monkeypatch.setattr(views, "today", lambda: date(2026, 11, 1))
        page.goto(live.url + "/")
        row = page.locator("#birthdays tbody tr").first.inner_text().replace("\u202f", " ")
        assert "26 ноября 2026 г." in row
        assert "из-за рубежа уже не успеть" in row
        assert no_horizontal_scroll(page)


def test_public_pages_fit_a_phone_and_pass_axe(server, page_factory):
    page = page_factory(locale="en", viewport=PHONE)
    for path in ("/", "/about", "/letters", "/prisoners?q=Mironov", "/prisoners/1", "/login"):
        page.goto(server.url + path)
        assert no_horizontal_scroll(page), path
        assert axe_violations(page) == [], path
    page.goto(write_url(server))
    page.get_by_label(LABEL["en"]).fill(TYPED)
    page.wait_for_selector("#check-findings li.finding-translit")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Use the corrected text").click()
    page.wait_for_selector("#check-verdict.verdict-ok, #check-verdict.verdict-warn")
    page.get_by_role("button", name="Print it myself").click()
    assert (
        page.get_by_role("img", name="The first page of your letter").evaluate(
            "img => img.naturalWidth"
        )
        > 300
    )
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []


def test_the_focus_ring_is_dark_on_light(server, page_factory):
    page = page_factory(locale="en", viewport=DESKTOP)
    page.goto(server.url + "/")
    page.keyboard.press("Tab")
    colour = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert colour == "rgb(11, 12, 12)"  # 19:1 on white, 17:1 on the grey panels


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.COORDINATOR])
def test_log_in_from_the_footer_lands_on_the_work_and_the_header_fits_one_line(
    app_with_sample, page_factory, role
):
    create_user(app_with_sample, "someone@example.org", role)
    with LiveServer(app_with_sample) as live:
        page = page_factory(locale="ru", viewport=DESKTOP)
        page.goto(live.url + "/")
        page.get_by_role("link", name="Вход для волонтёров").click()
        page.get_by_label("Электронная почта").fill("someone@example.org")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        expected = "/coordinate/" if role is Role.COORDINATOR else "/volunteer/"
        # The URL changes when the response arrives; the header is there once the page loaded.
        page.wait_for_url(live.url + expected, wait_until="load")
        links = page.locator(".site-header a, .site-header button")
        tops = {round(b["y"]) for b in (links.nth(i).bounding_box() for i in range(links.count()))}
        page.screenshot(path=str(ARTIFACTS / f"header-1280px-{role.value}.png"))
        assert max(tops) - min(tops) < 20  # one line


def test_a_postcard_is_checked_live_and_corrected_like_a_letter(server, page_factory):
    """Issue 21, finding 9: the postcard page has the letter page's live check and fixes, and
    "Show the postcard" pictures it before the download."""
    page = page_factory(locale="en", viewport=PHONE)
    page.goto(f"{server.url}/prisoners/1/postcard")
    text = page.get_by_label("Your greeting, in Russian")
    text.fill(TYPED)
    page.wait_for_selector("#check-findings li.finding-lookalike")
    page.get_by_role("button", name="Use the corrected text").click()
    assert text.input_value() == FIXED
    page.wait_for_selector("#check-verdict.verdict-ok, #check-verdict.verdict-warn")
    page.get_by_role("button", name="Show the postcard").click()
    page.wait_for_selector("#postcard-preview img")
    assert page.locator("#postcard-preview img").count() == 2
    assert text.input_value() == FIXED
    assert no_horizontal_scroll(page)
