"""A deployment with a reply address, and the shape of a reply code."""

from __future__ import annotations

import re

import pytest

from letters.extensions import db
from letters.replies.models import ReplyAddress

_CHARACTER = "[23456789ABCDEFGHJKMNPQRSTUVWXYZ]"
CODE = re.compile(rf"^{_CHARACTER}{{4}}(-{_CHARACTER}{{4}}){{2}}$")


@pytest.fixture
def reply_address(app):
    with app.app_context():
        db.session.add(
            ReplyAddress(
                organisation="Письма",
                cyrillic="АНО «Письма»\nа/я 15\n101000 Москва",
                latin="ANO Pisma\na/ia 15\n101000 Moskva",
            )
        )
        db.session.commit()
