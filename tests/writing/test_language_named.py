"""The write page tells a writer turned away which language their letter is in (issue 26)."""

from __future__ import annotations

import pytest

from tests.writing.conftest import letter_form

SPANISH = "Hola, ¿qué tal? Te escribo desde Madrid y pienso en ti cada día. Un abrazo fuerte."


@pytest.mark.parametrize(
    ("locale", "named"),
    [("en", "Spanish (Español)"), ("ru", "испанский язык (Español)")],
)
def test_the_page_names_the_letters_language_and_keeps_the_text(
    client, sample_directory, locale, named
):
    pid = sample_directory["Миронов"]
    page = client.post(
        f"/prisoners/{pid}/write",
        data=letter_form(text=SPANISH, action="prepare"),
        headers={"Accept-Language": locale},
    )
    assert page.status_code == 422
    assert named in page.text
    assert "Te escribo desde Madrid" in page.text  # nothing typed is lost
