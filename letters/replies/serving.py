"""A reply's page picture, streamed from its slices in the database to whoever may see it."""

from __future__ import annotations

from flask import Response, abort
from sqlalchemy import select

from letters.extensions import db
from letters.replies import inbox
from letters.replies.models import Reply, ReplyPage


def page_response(reply: Reply, number: int) -> Response:
    """Page ``number`` of ``reply`` (404 when it has none), never kept by any cache: it is a
    prisoner's handwriting."""
    page = db.session.scalar(
        select(ReplyPage).where(ReplyPage.reply_id == reply.id, ReplyPage.number == number)
    )
    if page is None:
        abort(404)
    # The slices are read with the engine itself: the generator needs no request context.
    response = Response(inbox.page_chunks(db.engine, page.id), mimetype=page.media_type)
    response.content_length = page.size
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = "inline"
    return response
