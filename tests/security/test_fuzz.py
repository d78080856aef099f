"""Hostile input on every route and JSON endpoint never ends in a 5xx (property-based).

Every rule of ``app.url_map`` is requested with hostile path values, query strings and form
fields (and the JSON endpoints with hostile bodies), as a logged-in coordinator, who can reach
every page. Derandomized: a failure reproduces on every run; the figures (requests tried, 5xx
seen) are printed with ``-s``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
from collections import Counter
from datetime import date
from typing import ClassVar
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from letters.auth.models import Role
from letters.batches.claims import Selection, create_batch
from letters.batches.queue import enqueue
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner
from letters.draft import Draft
from letters.extensions import db
from letters.json_input import LONE_SURROGATE
from tests.conftest import AuthActions, create_user

HOSTILE = [
    "", "0", "-1", "1", "²", "١٢٣", "𝟙𝟚", "1_000", " 7 ", str(2**31), str(2**63), str(2**64),
    "9" * 40, "1e309", "NaN", "\x00", "a\x00b", "\r\nSet-Cookie: x=1", "/\r\n/evil.example",
    "//evil.example", "https://evil.example/", "javascript:alert(1)", '=HYPERLINK("x")',
    "<script>alert(1)</script>", "' OR '1'='1", "%", "%00", "../../etc/passwd", "x" * 3000,
    "Миронов", "🙂", "\u202e", "2026-02-30", "0000-00-00", "99999-01-01", "true", "[]", "{}",
    # Issue 22: addresses urlsplit cannot read; a value one longer than a 120- or 40-character
    # column (PostgreSQL refuses it); a number past a 32-bit id.
    "http://[::1", "https://[", "https://[::1/p", "Щ" * 121, "1" * 41, str(2**31 + 1),
]  # fmt: skip
# Only JSON can carry a lone surrogate (a form is bytes, decoded with replacement).
SURROGATES = ["\ud800", "Привет \udfff", "\udc80x", "\ud83d"]
FIELDS = [
    "text", "q", "code", "email", "password", "next", "lang", "action", "reprint", "greeting",
    "signature", "sender_name", "sender_address", "sender_country", "envelope_format", "paper",
    "reply_kit", "from_abroad", "destination", "surname", "first_name", "patronymic",
    "dative_name", "name_latin", "gender", "birth_year", "birth_date", "status", "source_url",
    "verified_on", "facility", "facility_id", "region", "postcode", "locality", "street", "house",
    "kind", "name", "services", "which", "oldest", "start_label", "duplex", "posted_on",
    "tracking", "first", "second", "keep", "on", "note", "summary", "interests", "limit",
    "offset", "page", "birthday_days",
]  # fmt: skip
IDS = [0, 1, 2, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**30]
EXAMPLES = 12  # each example requests every route once: about 12 × 40 requests a database

# Mostly the known-hostile values, some arbitrary text and numbers.
values = st.one_of(
    st.sampled_from(HOSTILE), st.sampled_from(HOSTILE), st.text(max_size=40),
    st.integers().map(str),
)  # fmt: skip
leaves = [st.none(), st.booleans(), st.integers(), st.floats(), values, st.sampled_from(SURROGATES)]
json_values = st.recursive(
    st.one_of(leaves),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner),
    max_leaves=8,
)


def fuzz_settings(examples: int):
    """Derandomized (a failure reproduces on every run); no shrinking: it would repeat hundreds
    of requests, and the list of failures says enough."""
    return settings(
        max_examples=examples, deadline=None, derandomize=True, database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )  # fmt: skip


class Figures:
    """What the fuzzing did, for the report."""

    # One tally for the whole run, on purpose.
    requests = 0
    commands = 0  # CLI calls
    statuses: ClassVar[Counter[int]] = Counter()
    server_errors: ClassVar[list[str]] = []


@pytest.fixture
def fuzz_client(make_app):
    unlimited = "100000 per minute"  # the limits have their own tests; here they would hide bugs
    app = make_app(
        WTF_CSRF_ENABLED=False, LOGIN_RATE_LIMIT=unlimited, LOOKUP_RATE_LIMIT=unlimited,
        API_RATE_LIMIT=unlimited,
    )  # fmt: skip
    create_user(app, "c@example.org", Role.COORDINATOR)
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
        prisoner = db.session.query(Prisoner).first()
        enqueue(db.session, prisoner, Draft(text="Здравствуйте! Пишу Вам из Казани."))
        create_batch(db.session, None, Selection())
    client = app.test_client()
    AuthActions(client).login("c@example.org")
    client.rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    return client


def _path(rule: Rule, draw, fixed: str | None = None) -> str:
    """The rule's URL with a hostile value for each of its variables.

    With ``fixed``, ids are 1 and choices the first, so that the view itself gets the fields.
    """
    path = rule.rule
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        if kind == "AnyConverter":
            options = sorted(converter.items)
            value = options[0] if fixed is not None else draw(st.sampled_from(options))
        elif kind in ("IntegerConverter", "BoundedIntConverter"):
            ids = st.sampled_from(IDS) | st.integers(min_value=0)
            value = "1" if fixed is not None else str(draw(ids))
        else:
            value = quote(fixed if fixed is not None else draw(values), safe="") or "x"
        path = re.sub(rf"<(?:[^<>]*:)?{name}>", lambda _m, v=value: v, path, count=1)
    return path


def _json(body: object) -> dict:
    """A JSON body as a client may send it: ASCII escapes, lone surrogates included (the test
    client's own ``json=`` cannot encode those)."""
    return {"data": json.dumps(body), "content_type": "application/json"}


def _request(client, method: str, path: str, **kwargs) -> None:
    response = client.open(path, method=method, **kwargs)
    Figures.requests += 1
    Figures.statuses[response.status_code] += 1
    if response.status_code >= 500:
        Figures.server_errors.append(f"{method} {path} → {response.status_code}")
    response.close()


@fuzz_settings(EXAMPLES)
@given(data=st.data())
def test_no_route_answers_hostile_input_with_a_server_error(fuzz_client, data):
    client = fuzz_client
    before = len(Figures.server_errors)
    for rule in client.rules:
        path = _path(rule, data.draw)
        fields = data.draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=8))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET":
                _request(client, method, path, query_string=fields)
            else:
                _request(
                    client, method, path, data=fields, query_string={"next": fields.get("next", "")}
                )
            if path.startswith("/api/") and method == "POST":
                body = data.draw(json_values)
                _request(client, method, path, **_json(body))
                deep = data.draw(st.integers(min_value=2000, max_value=100_000))
                _request(client, method, path, data="[" * deep + "]" * deep,
                         content_type="application/json")  # fmt: skip
                _request(client, method, path, data=json.dumps({"text": body}).encode() + b"\x00",
                         content_type="application/json")  # fmt: skip
    assert os.environ.get("FUZZ_COLLECT") or Figures.server_errors[before:] == []


PRISONER = {
    "surname": "Тестов", "first_name": "Пётр", "patronymic": "Иванович", "dative_name": "",
    "name_latin": "Testov Piotr", "gender": "m", "birth_year": "1990", "birth_date": "",
    "status": "colony", "verified_on": "", "source_url": "https://example.org/p", "services": "zt",
    "summary": "", "interests": "", "facility": "1", "address_presumed": "",
}  # fmt: skip
FACILITY = {
    "kind": "sizo", "name": "ФКУ СИЗО-9 УФСИН России по Тестовой области",
    "region": "Тестовая область", "postcode": "403882", "district": "", "locality": "г. Тест",
    "street": "ул. Тестовая", "house": "1", "building": "", "name_en": "", "address_en": "",
    "submit": "Save",
}  # fmt: skip
LETTER = {
    "text": "Здравствуйте! Пишу Вам из Казани. У нас выпал первый снег.", "action": "queue",
    "envelope_format": "C6", "paper": "A4", "signature": "Анна", "greeting": "Здравствуйте!",
    "sender_name": "Анна", "sender_address": "ул. Баумана, 1\n420111 Казань",
}  # fmt: skip
EVENING = {"name": "Вечер писем", "held_on": "2026-12-10", "facility_id": "1", "region": "",
           "size": "5"}  # fmt: skip
# Forms that store what they get when it is valid: each is sent whole, with one field hostile.
STORING_FORMS = [
    ("/evenings/new", EVENING),
    ("/prisoners/1/write", LETTER),
    ("/coordinate/prisoners/new", PRISONER),
    ("/coordinate/prisoners/1", PRISONER),
    ("/coordinate/facilities/new", FACILITY),
    ("/coordinate/facilities/1", FACILITY),
    ("/volunteer/batches", {"which": "all", "envelope_format": "C6", "oldest": "5"}),
    ("/volunteer/batches/1/posted", {"posted_on": "2026-11-20", "tracking": ""}),
    ("/login", {"email": "c@example.org", "password": "wrong password"}),
]
JSON_ENDPOINTS = ["/api/v1/check", "/api/v1/addresses/parse"]
_unique = itertools.count(1)


def _unique_identity(form: dict, number: int) -> dict:
    """A new person or facility each time, so a valid form is stored, not a duplicate refused."""
    letters = "".join("абвгдежзиклмнопрстуфхцчшщэюя"[int(d)] for d in str(number))
    if "surname" in form:
        return {**form, "surname": f"Тестов{letters}"}
    if "kind" in form:
        return {**form, "name": f"ФКУ СИЗО-{number} УФСИН России по Тестовой области"}
    return form


@fuzz_settings(EXAMPLES * 3)
@given(data=st.data())
def test_no_valid_form_with_one_hostile_field_causes_a_server_error(fuzz_client, data):
    client = fuzz_client
    before = len(Figures.server_errors)
    number = next(_unique)
    for path, form in STORING_FORMS:
        form = _unique_identity(form, number)
        field = data.draw(st.sampled_from(sorted(form)))
        _request(client, "POST", path, data={**form, field: data.draw(values)})
    for path in JSON_ENDPOINTS:
        _request(
            client, "POST", path, **_json({"text": data.draw(values), "locale": data.draw(values)})
        )
        _request(client, "POST", path, **_json({"text": data.draw(st.sampled_from(SURROGATES))}))
    assert os.environ.get("FUZZ_COLLECT") or Figures.server_errors[before:] == []


# The values that broke something once, in every field of every route at the same time.
NASTIEST = ["²", "\x00", str(2**63), "/x\r\nSet-Cookie: a=b", "/\\evil.example", "-1", "9" * 40]


def test_every_route_with_the_nastiest_values_in_every_field(fuzz_client):
    client = fuzz_client
    before = len(Figures.server_errors)
    for value in NASTIEST:
        fields = dict.fromkeys(FIELDS, value)
        for rule in client.rules:
            path = _path(rule, None, fixed=value)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if method == "GET":
                    _request(client, method, path, query_string=fields)
                else:
                    _request(client, method, path, data=fields, query_string={"next": value})
    assert Figures.server_errors[before:] == []


@pytest.mark.parametrize(("path", "form"), STORING_FORMS, ids=[p for p, _ in STORING_FORMS])
def test_a_nul_character_in_any_field_is_refused_in_words(fuzz_client, path, form):
    for field in form:
        response = fuzz_client.post(
            path, data={**form, field: form[field] + "\x00"}, headers={"Accept-Language": "en"}
        )
        assert response.status_code == 400, (field, response.status_code)
        assert "invisible NUL character" in response.text
    query = fuzz_client.get("/prisoners", query_string={"q": "Мир\x00"})
    assert query.status_code == 400


# --- Issue 22: headers, imported files and every command that reads a file ----------------------

HOST = "letters.example"
HEADER_VALUES = [
    "https://[::1", "https://[", "http://[::1]x", "null", "", " ", "https://", "//", "https:",
    f"https://{HOST}", f"https://{HOST}:99999", f"http://{HOST}", "https://evil.example",
    f"https://{HOST}\\@evil.example", "é", "%zz", "x" * 3000,
]  # fmt: skip


@fuzz_settings(EXAMPLES * 2)
@given(data=st.data())
def test_no_origin_or_referer_causes_a_server_error(make_app, data):
    """Over HTTPS with CSRF on, where the Origin/Referer check runs (the fuzz client above has
    CSRF off, so it never reached it)."""
    client = make_app(PROXY_COUNT=1, LOGIN_RATE_LIMIT="100000 per minute").test_client()
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    page = client.get("/login", base_url=f"http://{HOST}", headers=proxy)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    headers = dict(proxy)
    # What a client can put in a header: printable Latin-1.
    header_text = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=20)
    for name in data.draw(st.sets(st.sampled_from(["Origin", "Referer"]), min_size=1)):
        headers[name] = data.draw(st.sampled_from(HEADER_VALUES) | header_text)
    form = {"email": "nobody@example.org", "password": "x", "csrf_token": token}
    _request(client, "POST", "/login", base_url=f"http://{HOST}", headers=headers, data=form)
    assert os.environ.get("FUZZ_COLLECT") or Figures.server_errors == []


def _directory_row(draw) -> dict:
    """A good directory row with one or two values hostile (long, unreadable, surrogate)."""
    row = {**PRISONER, "facility": "", "dative_name": "", "surname": "Новиков",
           "facility_name": "ФКУ СИЗО-9", "facility_house": "1"}  # fmt: skip
    hostile = st.one_of(
        values, st.sampled_from(SURROGATES),
        st.integers(min_value=0, max_value=600).map(lambda n: "Щ" * n),
    )  # fmt: skip
    for field in draw(st.sets(st.sampled_from(sorted(row)), min_size=1, max_size=2)):
        row[field] = draw(hostile)
    return row


def _directory_file(draw, row: dict) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["csv", "json", "jsonl", "deep"]))
    if kind == "deep":
        depth = draw(st.integers(min_value=1000, max_value=100_000))
        return "p.json", ("[" * depth + "]" * depth).encode()
    if kind == "csv":
        if any(LONE_SURROGATE.search(str(v)) for v in row.values()):
            kind = "json"  # a file is UTF-8: only JSON can escape a surrogate into it
        else:
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=sorted(row))
            writer.writeheader()
            writer.writerow(row)
            return "p.csv", out.getvalue().encode()
    text = json.dumps([row] if kind == "json" else row)  # ASCII escapes, surrogates included
    return f"p.{kind}", text.encode()


@fuzz_settings(EXAMPLES * 2)
@given(data=st.data())
def test_no_imported_directory_file_causes_a_server_error_or_a_traceback(
    fuzz_client, runner, tmp_path_factory, data
):
    """The web import and ``letters directory import`` take the same hostile file; values one
    past a column's length fail on PostgreSQL only unless the import checks them."""
    client = fuzz_client
    name, content = _directory_file(data.draw, _directory_row(data.draw))
    _request(client, "POST", "/coordinate/import/", content_type="multipart/form-data",
             data={"upload": (io.BytesIO(content), name), "fmt": "", "apply": "Apply"})  # fmt: skip
    path = tmp_path_factory.mktemp("import") / name
    path.write_bytes(content)
    _invoke(runner, ["directory", "import", str(path)])
    assert os.environ.get("FUZZ_COLLECT") or Figures.server_errors == []


def _invoke(runner, args: list[str], **kwargs) -> None:
    result = runner.invoke(args=args, **kwargs)
    Figures.commands += 1
    if "Traceback" in result.output or not (
        result.exception is None or isinstance(result.exception, SystemExit)
    ):
        Figures.server_errors.append(f"letters {' '.join(args[:2])}: {result.exception!r}")


HOSTILE_FILES = {
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "deep.jsonl": "{" * 50_000,
    "surrogate.json": '[{"text": "\\ud800", "to": "\\udfff", "surname": "\\ud800"}]',
    "surrogate.jsonl": '{"text": "Здравствуйте\\udc80", "to": "Миронову"}\n',
    "nul.csv": "text,to,surname\nЗдра\x00вствуйте,Миронову,Ми\x00ронов\n",
    "latin1.csv": "text,to\n\xe9\xe9\n",  # written as Latin-1 below
    "empty.csv": "",
    "bom.json": "\ufeff",
    "numbers.json": "[1, 2, 3]",
    "object.json": '{"text": 1}',
    "long.csv": "text,to,surname,first_name,source_url\n" + ",".join(["Щ" * 5000] * 4)
    + ",http://[::1\n",
    "ids.csv": f"text,to,surname,birth_year\nx,y,z,{2**63}\n",
    "codes.txt": f"{'Z' * 5000}\n,,,\n{2**63},moved,x\n\ud800".encode("utf-8", "replace").decode(),
}  # fmt: skip
FILE_COMMANDS = [
    ["directory", "import"], ["directory", "import", "--skip-bad"], ["queue", "import"],
    ["queue", "import", "--skip-bad"], ["render", "--out", "{out}"], ["check"],
    ["batch", "returned"],
]  # fmt: skip


@pytest.mark.parametrize("command", FILE_COMMANDS, ids=[" ".join(c[:2]) for c in FILE_COMMANDS])
def test_every_command_that_reads_a_file_answers_hostile_files_in_one_line(
    app, runner, tmp_path, command
):
    for name, content in HOSTILE_FILES.items():
        path = tmp_path / name
        if name.startswith("latin1"):
            path.write_bytes(content.encode("latin-1"))
        else:
            path.write_text(content, encoding="utf-8")
        args = [part.format(out=tmp_path / "out") for part in command]
        _invoke(runner, [*args[:2], str(path), *args[2:]])
    assert Figures.server_errors == []


def test_fuzz_figures(request):
    """Print the figures of the run above (requests tried, 5xx seen) for the issue's note."""
    errors = len(Figures.server_errors)
    print(f"\nfuzz: {Figures.requests} requests, {errors} answered 5xx or a traceback; "
          f"{Figures.commands} commands; {dict(Figures.statuses)}")  # fmt: skip
    print("\n".join(sorted(set(Figures.server_errors))))
    assert Figures.server_errors == []
