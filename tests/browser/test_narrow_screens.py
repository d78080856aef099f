"""Every staff page fits a 360 px phone screen: no page is wider than the screen.

The pages are found, not listed: every GET route that sends an anonymous visitor to the log-in
page is a staff page. Its ids are filled from sample data (each ``<thing>_id`` from the table of
that thing: the first row whose page opens), so a page added later is measured too.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import Rule

from letters.auth.models import Role, TranslatorLanguage, User
from letters.batches import generation, lifecycle
from letters.batches.claims import Selection, create_batch
from letters.batches.generation import generate_files
from letters.batches.models import Batch, QueuedLetter
from letters.directory.models import Prisoner
from letters.evenings.models import Evening, EveningPrisoner
from letters.extensions import db
from letters.replies import inbox, intake
from letters.reports.models import ReportKind
from letters.reports.operations import file_report
from letters.translating.queue import claim, claim_review, require_review, submit
from tests.batches.conftest import LETTER, queue_letters
from tests.batches.test_unprintable_addresses import STARRED
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD, create_user, load_sample_directory
from tests.replies.conftest import add_reply_address
from tests.replies.scans import jpeg, paper
from tests.translating.conftest import ask_for_translation

pytestmark = pytest.mark.browser

WIDTH = 360
STAFF = {"coordinator": "coordinator@example.org", "volunteer": "volunteer@example.org"}


def make_sample_data(app: Flask) -> None:
    """Something on every staff page: letters queued, held, batched and posted, an evening,
    a report, both accounts, letters being translated and reviewed."""
    load_sample_directory(app)
    create_user(app, STAFF["coordinator"], Role.COORDINATOR)
    create_user(app, STAFF["volunteer"], Role.VOLUNTEER)
    with app.app_context():
        queue_letters(2, sender_name="Анна", sender_address="ул. Баумана, 1\n420111 Казань")
        posted = create_batch(db.session, None, Selection())
        assert generation.generate(app, posted.id)
        posted = db.session.get(Batch, posted.id)
        lifecycle.mark_printed(db.session, posted, None)
        lifecycle.mark_posted(db.session, posted, None)
        db.session.add(QueuedLetter(address_text=STARRED, text=LETTER, sender_name="Анна"))
        db.session.commit()
        queue_letters(1)
        generate_files(app, create_batch(db.session, None, Selection()))  # sets the held one aside
        queue_letters(2)
        mironov = db.session.scalars(select(Prisoner).where(Prisoner.surname == "Миронов")).one()
        evening = Evening(name="Вечер писем в «Доме культуры»", held_on=date.today())
        evening.shortlist = [EveningPrisoner(prisoner_id=mironov.id, position=0)]
        db.session.add(evening)
        db.session.commit()
        file_report(db.session, mironov, next(iter(ReportKind)), "Переведён в другую колонию")
    add_reply_address(app)
    with app.app_context():
        # A reply to confirm and one to resolve, with real pictures of their pages.
        (answered,) = queue_letters(1, replies="organisation", sender_name="Анна")
        code = db.session.get(QueuedLetter, answered).reply_code
        for sheet in (paper((600, 800), code), paper((600, 800))):
            inbox.receive(db.session, intake.read_upload([("page.jpg", jpeg(sheet))]))
        db.session.commit()
    translator = create_user(app, "translator@example.org", Role.TRANSLATOR)
    with app.app_context():
        # One translation in review and one being translated, both the coordinator's.
        coordinator = User.find_by_email(STAFF["coordinator"])
        for user in (translator, coordinator):
            db.session.add(TranslatorLanguage(user_id=user.id, language="en"))
        require_review(db.session, True)
        db.session.commit()
        reviewed, translated = ask_for_translation(2)
        claim(db.session, translator, reviewed)
        submit(db.session, reviewed, translator, ("Мы думаем о Вас.", "", "Анна"))
        claim_review(db.session, coordinator, reviewed)
        claim(db.session, coordinator, translated)


def _table_ids(name: str) -> list[int]:
    """Ids of the rows of the tables named after ``name`` (``batch`` → batches, ``letter`` →
    queued_letters and the like): each is tried until the page opens."""
    plurals = (f"{name}s", f"{name}es", f"{name[:-1]}ies")
    tables = [
        table
        for table in db.metadata.tables.values()
        if (table.name in plurals or table.name.endswith(f"_{name}s")) and "id" in table.c
    ]
    assert tables, f"no table holds a {name}"
    ids: set[int] = set()
    with db.engine.connect() as connection:
        for table in tables:
            ids.update(connection.execute(select(table.c.id)).scalars())
    return sorted(ids)


def _candidate_values(rule: Rule) -> list[dict[str, object]]:
    """Every way to fill the rule's variables from the sample data."""
    choices = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        if kind == "AnyConverter":
            choices[name] = sorted(converter.items)
        elif name.endswith("_id"):
            choices[name] = _table_ids(name.removesuffix("_id"))
        elif kind.endswith("IntConverter"):
            choices[name] = [1]  # a page's number
        else:
            # Public pages take codes and references; a staff page that does would fail below
            # ("no sample data opens"), asking for its sample here.
            choices[name] = ["x"]
    names = list(choices)
    products = itertools.product(*choices.values())
    return [dict(zip(names, values, strict=True)) for values in products]


def staff_pages(app: Flask) -> dict[str, list[str]]:
    """role → the paths of every HTML staff page that role opens, filled from sample data."""
    found: dict[str, list[str]] = {role: [] for role in STAFF}
    anonymous = app.test_client()
    clients = {}
    for role, email in STAFF.items():
        clients[role] = app.test_client()
        login_page = clients[role].get("/login").text
        token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        data = {"email": email, "password": PASSWORD, "csrf_token": token}
        assert clients[role].post("/login", data=data).status_code == 302
    # The paths first, then the requests: a request made inside an app context shares its `g`,
    # and with it the first request's logged-in user.
    with app.app_context(), app.test_request_context():
        rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods]
        filled = [
            (rule, [app.url_for(rule.endpoint, **values) for values in _candidate_values(rule)])
            for rule in rules
            if rule.endpoint != "static"
        ]
    for rule, paths in filled:
        if not paths:
            pytest.fail(f"no sample data fills {rule.rule}")
        if not (anonymous.get(paths[0]).location or "").startswith("/login"):
            continue  # a public page
        for role, client in clients.items():
            answers = [(path, client.get(path)) for path in paths]
            opened = [
                path
                for path, answer in answers
                if answer.status_code == 200 and answer.mimetype == "text/html"
            ]
            if opened:
                found[role].append(opened[0])
            elif role == "coordinator" and not any(a.status_code == 200 for _, a in answers):
                statuses = [answer.status_code for _, answer in answers]
                pytest.fail(f"no sample data opens {rule.rule}: {statuses}")
    return found


@pytest.fixture(scope="module")
def narrow_server(tmp_path_factory, databases):
    from tests.conftest import _settings

    url = databases.new()
    from letters import create_app

    app = create_app(_settings(url, tmp_path_factory.mktemp("narrow")))
    make_sample_data(app)
    with LiveServer(app) as live:
        live.pages = staff_pages(app)
        yield live
    with app.app_context():
        db.engine.dispose()
    databases.drop(url)


@pytest.mark.parametrize("locale", ["ru", "en"])
@pytest.mark.parametrize("role", ["coordinator", "volunteer"])
def test_every_staff_page_fits_a_360_px_screen(narrow_server, page_factory, role, locale):
    pages = narrow_server.pages[role]
    assert len(pages) >= (18 if role == "coordinator" else 8), pages
    page = page_factory(locale=locale, viewport={"width": WIDTH, "height": 780})
    page.goto(narrow_server.url + "/login")
    page.locator("input[name=email]").fill(STAFF[role])
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit], form.form input[type=submit]").click()
    page.wait_for_load_state()
    too_wide = {}
    for path in pages:
        page.goto(narrow_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[path] = width
    assert too_wide == {}, f"wider than {WIDTH} px: {too_wide}"
