"""Russian and English UI, and catalogues that keep up with the code."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from letters.catalogues import extract
from letters.messages import TRANSLATIONS_DIR, StoredMessage, coded, translator

RU_PO = TRANSLATIONS_DIR / "ru" / "LC_MESSAGES" / "messages.po"
RU_MO = TRANSLATIONS_DIR / "ru" / "LC_MESSAGES" / "messages.mo"


def test_accept_language_chooses_the_ui_language(client):
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in english.text
    assert "Write a letter to a political prisoner" in english.text
    russian = client.get("/", headers={"Accept-Language": "ru-RU"})
    assert '<html lang="ru">' in russian.text
    assert "Напишите письмо политзаключённому" in russian.text


def test_default_language_when_browser_asks_for_neither(client):
    page = client.get("/", headers={"Accept-Language": "de"})
    assert '<html lang="ru">' in page.text


def test_language_picker_is_remembered_in_the_session(client):
    response = client.post(
        "/language", data={"lang": "en", "next": "/about"}, headers={"Accept-Language": "ru"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/about"
    page = client.get("/", headers={"Accept-Language": "ru"})
    assert '<html lang="en">' in page.text


def test_language_picker_never_redirects_off_site(client):
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post("/language", data={"lang": "ru", "next": target})
        assert response.headers["Location"] == "/"


def test_language_picker_ignores_unknown_languages(client):
    client.post("/language", data={"lang": "xx"})
    assert '<html lang="ru">' in client.get("/").text


def _catalogue_ids(path: Path, reader) -> dict[tuple, object]:
    with path.open("rb") as handle:
        catalogue = reader(handle) if reader is read_mo else reader(handle, locale="ru")

    def key(value):  # a plural message's ids and strings come as lists or tuples
        return tuple(value) if isinstance(value, list | tuple) else value

    return {(m.context, key(m.id)): key(m.string) for m in catalogue if m.id}


def test_russian_catalogue_is_complete_and_current():
    """Fails when code has new messages (run `letters translate update`) or some lack Russian."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        extract(pot)
        extracted = set(_catalogue_ids(pot, read_po))
    translated = _catalogue_ids(RU_PO, read_po)
    assert extracted - set(translated) == set(), "run `letters translate update`"
    assert set(translated) - extracted == set(), "obsolete messages: run `letters translate update`"
    # A plural message needs every form (Russian has three).
    untranslated = [msgid for msgid, text in translated.items() if not all(text or [""])]
    assert untranslated == []
    with RU_PO.open("rb") as handle:
        fuzzy = [m.id for m in read_po(handle, locale="ru") if m.id and m.fuzzy]
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    """The .mo the app reads must be compiled from the current .po (`letters translate compile`)."""
    assert _catalogue_ids(RU_MO, read_mo) == _catalogue_ids(RU_PO, read_po)


def test_plain_python_code_translates_without_flask():
    assert translator("ru")("Page not found") == "Страница не найдена"
    assert translator("en")("Page not found") == "Page not found"
    assert translator("xx")("Page not found") == "Страница не найдена"


def test_a_stored_list_of_message_ids_is_shown_item_by_item_in_the_readers_language():
    note = StoredMessage.loads(
        StoredMessage(
            "kept the coordinator's edits of: %(fields)s",
            {"fields": ["surname", "name in the dative"]},
            ("fields",),
        ).dumps()
    )
    assert note.message("en") == "kept the coordinator's edits of: surname, name in the dative"
    assert note.message("ru") == (
        "сохранены правки координатора в полях: фамилия, имя в дательном падеже"
    )


def test_a_stored_date_is_written_out_in_the_readers_language():
    note = StoredMessage.loads(coded("posted %(date)s", date=date(2026, 11, 28)))
    assert note.message("ru") == "отправлено 28 ноября 2026\u202fг."
    assert note.message("en") == "posted November 28, 2026"
    # A note stored before dates were coded keeps its text as it was.
    old = StoredMessage.loads('{"msgid": "posted %(date)s", "params": {"date": "2026-11-28"}}')
    assert old.message("ru") == "отправлено 2026-11-28"


@pytest.mark.parametrize(
    "note",
    ['{"msgid": "moved %(where)s"}', '{"msgid": "%(x)s", "params": {"y": "1"}}', "[1, 2]",
     '{"msgid": "a", "params": [1]}', '{"msgid": "on %(d)s", "params": {"d": 5}, "dates": ["d"]}',
     "50% off"],
)  # fmt: skip
def test_a_note_that_only_looks_stored_is_shown_not_a_crash(note):
    """A coordinator may type anything as a note, JSON and percent signs included."""
    shown = StoredMessage.loads(note).message("ru")
    assert isinstance(shown, str) and shown


def test_every_message_has_one_placeholder_style():
    """``%(name)s`` everywhere: a ``{name}`` msgid is filled by nothing that shows a message."""
    with RU_PO.open("rb") as handle:
        braced = [m.id for m in read_po(handle, locale="ru") if "python-brace-format" in m.flags]
    assert braced == []


def test_every_translatable_error_is_one_class_and_is_held_as_it_says():
    """The renderer's, the address parser's and bulk printing's errors are one class: shown in
    the reader's language, and kept as a held letter's reason with the same words."""
    from letters.batches.holds import Reason
    from letters.bulk.records import MSG_UNKNOWN_PRISONER, RecordError
    from letters.directory.address import MSG_NO_PARTS, AddressParseError
    from letters.messages import TranslatableError
    from letters.pdf.errors import BLOCK_SENDER, LayoutError

    errors = [
        LayoutError(BLOCK_SENDER, "C6"),
        AddressParseError(MSG_NO_PARTS, ("postcode", "town")),
        RecordError(MSG_UNKNOWN_PRISONER, reference="Иванов"),
    ]
    for error in errors:
        assert isinstance(error, TranslatableError)
        held = StoredMessage.loads(Reason.of(error).dumps())
        for locale in ("ru", "en"):
            assert held.message(locale) == error.message(locale)
        assert str(error) == error.message("en")
    assert "Адрес отправителя не помещается" in errors[0].message("ru")
