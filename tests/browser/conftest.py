"""Browser fixtures: the app on a real local HTTP server, driven by Debian's Chromium."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("LETTERS_TEST_ARTIFACTS", "test-artifacts"))
# Without these, Chromium phones home (updates, sync, safe browsing) on every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
]


def pytest_collection_modifyitems(items) -> None:
    """The live server's threads serve static files to Chromium, which drops requests it no
    longer needs (a favicon as a page closes): the file's close then falls to the garbage
    collector, in whichever test runs at that moment. Not the app's doing; ignored here only."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))


class LiveServer:
    """The app served over HTTP on 127.0.0.1 in a background thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(make_app) -> Iterator[LiveServer]:
    with LiveServer(make_app()) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestLog:
    """Every URL the page asked for, to prove nothing leaves this machine."""

    def __init__(self):
        self.urls: list[str] = []

    def record(self, request) -> None:
        self.urls.append(request.url)

    def foreign(self) -> list[str]:
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).hostname != "127.0.0.1"
        ]


@pytest.fixture
def page_factory(browser):
    contexts = []

    def factory(locale: str = "ru", **options):
        context = browser.new_context(locale=locale, **options)
        contexts.append(context)
        page = context.new_page()
        page.requests = RequestLog()
        context.on("request", page.requests.record)
        # Script errors and console errors (a CSP refusal lands there), to assert none.
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        return page

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page(page_factory):
    return page_factory()
