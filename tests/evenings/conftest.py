"""An organiser logged in, and evenings made through the organiser's form."""

from __future__ import annotations

import pytest


@pytest.fixture
def organising(auth, volunteer, client):
    assert auth.login(volunteer.email).status_code == 302
    return client


def create_evening(client, **fields) -> int:
    """Create an evening through the form (by default Vera's of 10 December); its id."""
    data = {"name": "Вечер писем", "held_on": "2026-12-10", "size": "50", **fields}
    response = client.post("/evenings/new", data=data)
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rsplit("/", 1)[1])
