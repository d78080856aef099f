"""Migration 0011_evening_limits_and_codes: evenings made at the previous revision keep every
field and their six-character links, take the default letter limit, and new codes fit."""

from __future__ import annotations

from letters.evenings.models import CODE_LENGTH, DEFAULT_LETTER_LIMIT, new_code

PREVIOUS = "0010_forget_instance_batch_zips"
EVENING = {
    "id": 1,
    "code": "K7QM4Z",
    "name": "Вечер писем в Берлине",
    "held_on": "2026-12-01",
    "created_by_id": None,
    "created_at": "2026-11-30 18:00:00+00:00",
}


def test_old_evenings_keep_their_links_and_get_the_default_limit(database_at):
    old = database_at(PREVIOUS)
    old.insert("evenings", [EVENING])
    before = old.rows("evenings")
    old.upgrade()
    after = old.rows("evenings", columns=[*before.columns, "letter_limit"])
    assert [row[:-1] for row in after.values] == before.values
    assert [row[-1] for row in after.values] == [DEFAULT_LETTER_LIMIT]
    # The six-character link still opens the evening; a new, longer code fits the column
    # (PostgreSQL enforces the length).
    client = old.app.test_client()
    page = client.get("/e/k7qm4z")
    assert page.status_code == 200 and "Вечер писем в Берлине" in page.text
    code = new_code()
    assert len(code) == CODE_LENGTH == 10
    old.insert("evenings", [EVENING | {"id": 2, "code": code}])
    assert client.get(f"/e/{code}").status_code == 200
