"""Every Cyrillic word on an English page is marked ``lang="ru"``, so that a screen reader reads
it in Russian (WCAG 3.1.2): found by walking the site as a coordinator, link by link."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from letters.auth.models import Role
from tests.conftest import create_user

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
EN = {"Accept-Language": "en"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
# Pages that change something, sign out, or send files rather than pages.
SKIP = re.compile(r"/logout|\.pdf$|\.zip$|\.csv$|\.json$|\.svg$|/static/|/api/")


class _Page(HTMLParser):
    """Collects the page's links and its Cyrillic text that no ``lang="ru"`` ancestor covers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.langs: list[tuple[str, str]] = []  # (tag, lang) of the open elements
        self.links: list[str] = []
        self.unmarked: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag in VOID:
            return
        inherited = self.langs[-1][1] if self.langs else "en"
        self.langs.append((tag, values.get("lang") or inherited))

    def handle_endtag(self, tag):
        for i in range(len(self.langs) - 1, -1, -1):
            if self.langs[i][0] == tag:
                del self.langs[i:]
                break

    def handle_data(self, data):
        open_tags = [tag for tag, _ in self.langs]
        # A title and an option hold plain text: no part of it can be marked. An option that
        # mixes both languages («No. 1: Миронов …») is left to the page's language.
        if {"script", "style", "textarea", "title"} & set(open_tags):
            return
        if open_tags and open_tags[-1] == "option" and LATIN.search(data):
            return
        lang = self.langs[-1][1] if self.langs else "en"
        if CYRILLIC.search(data) and not lang.startswith("ru"):
            self.unmarked.append(data.strip())


def test_cyrillic_on_english_pages_is_marked_russian(app, client, auth, sample_directory):
    create_user(app, "c@example.org", Role.COORDINATOR)
    auth.login("c@example.org")
    seen: set[str] = set()
    queue = ["/", "/prisoners", "/prisoners?q=", "/coordinate/", "/volunteer/"]
    found: dict[str, list[str]] = {}
    while queue and len(seen) < 80:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = client.get(path, headers=EN)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        page = _Page()
        page.feed(response.text)
        if page.unmarked:
            found[path] = page.unmarked
        for href in page.links:
            target, _ = urldefrag(href)
            parts = urlsplit(target)
            if not parts.netloc and target.startswith("/") and target not in seen:
                queue.append(target)
    assert len(seen) > 20  # the walk reached the site, not only the start page
    assert found == {}
