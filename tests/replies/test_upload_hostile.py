"""One input, one result: the hostile uploads that ``read_upload`` is tested with, sent through
the volunteers' Replies page, give the same outcome — a stored reply with the same pages, or a
422 with the same message and nothing stored; never a 5xx."""

from __future__ import annotations

import html

from hypothesis import given, settings
from sqlalchemy import func, select

from letters.extensions import db
from letters.replies.intake import ReadScan
from letters.replies.models import Reply
from tests.replies.test_hostile_uploads import HOSTILE_SETTINGS, hostile_uploads, outcome
from tests.replies.test_upload import send


def test_the_page_and_the_intake_agree_on_every_hostile_upload(app, desk):
    @settings(HOSTILE_SETTINGS, max_examples=60)
    @given(hostile_uploads)
    def check(files):
        with app.app_context():
            before = db.session.scalar(select(func.count()).select_from(Reply))
        # A part without a name is no file chosen, in a browser as in Flask-WTF.
        expected = outcome([(name, data) for name, data in files if name])
        response = send(desk, files)
        with app.app_context():
            stored = db.session.scalars(select(Reply).order_by(Reply.id.desc())).first()
            after = db.session.scalar(select(func.count()).select_from(Reply))
            if isinstance(expected, ReadScan):
                assert response.status_code == 302, response.status_code
                assert after == before + 1 and stored.page_count == len(expected.pages)
            else:
                assert response.status_code == 422, response.status_code
                assert html.escape(expected.message("en")) in response.text
                assert after == before

    check()
