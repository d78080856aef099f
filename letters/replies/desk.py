"""The volunteers' Replies page: upload a reply, check what it matched, resolve the unmatched.

A volunteer at the reply address uploads the scans or photos of one reply; the app reads the
reply code from its QR code (or takes the code the volunteer typed) and shows what it matched:
the prisoner and the letter's date, beside the pages. Only a volunteer's "Confirm" lets the
writer see it (and sends the writer's notice); "Not this letter" puts it on the list to
resolve. The pages are served from the database to volunteers only while a reply waits for
them (unmatched or to confirm): once delivered, it is the writer's.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from letters.auth.access import role_required
from letters.auth.models import Role
from letters.extensions import db
from letters.forms import BaseForm
from letters.i18n import current_locale
from letters.once import AlreadyDone, claim, settle
from letters.replies import inbox, intake, notice
from letters.replies.forms import ReplyUploadForm, ResolveForm
from letters.replies.models import Reply, ReplyState
from letters.replies.serving import page_response

bp = Blueprint("reply_desk", __name__, url_prefix="/volunteer/replies")

# The request may carry a whole reply (intake refuses more with its own message); the margin
# is the multipart framing and the form's other fields. letters.web.security reads it.
UPLOAD_BODY_BYTES = intake.MAX_REPLY_BYTES + intake.MEGABYTE


@bp.before_request
@role_required(Role.VOLUNTEER)
def _volunteers_only() -> None:
    """Every page here needs a volunteer (or coordinator) account."""


@bp.errorhandler(413)
def _too_large(_error):
    """A body over the cap is refused before it is read: say what the limit is."""
    return (
        render_template("replies/too_large.html", limit=intake.MAX_REPLY_BYTES // intake.MEGABYTE),
        413,
    )


def _waiting(state: ReplyState) -> list[Reply]:
    return list(
        db.session.scalars(select(Reply).where(Reply.state == state).order_by(Reply.received_at))
    )


def _render_desk(form: ReplyUploadForm, status: int = 200):
    return (
        render_template(
            "replies/desk.html",
            form=form,
            to_confirm=_waiting(ReplyState.TO_CONFIRM),
            unmatched=_waiting(ReplyState.UNMATCHED),
            unsent=notice.unsent(db.session),
            button_form=BaseForm(),
            max_pages=intake.MAX_PAGES,
            max_megabytes=intake.MAX_REPLY_BYTES // intake.MEGABYTE,
        ),
        status,
    )


@bp.get("/")
def desk():
    """The upload form, the replies to confirm, those to resolve, and notices not sent."""
    return _render_desk(ReplyUploadForm())


@bp.post("/")
def upload():
    """Store one reply's pages and match it; the volunteer then checks the match."""
    form = ReplyUploadForm()
    if not form.validate_on_submit():
        return _render_desk(form, 422)
    # A part without a file name is no file chosen (Flask-WTF leaves it out).
    files = [(upload.filename, upload.read()) for upload in form.files.data or ()]
    try:
        # Decoded before the transaction: the database waits for no picture.
        scan = intake.read_upload(files)
    except intake.UploadRefused as refusal:
        form.files.errors.append(refusal.message(current_locale()))
        return _render_desk(form, 422)
    try:
        claim(db.session, form.once.data)
    except AlreadyDone as done:  # sent twice (a double click): the reply is stored once
        return redirect(done.result or url_for(".desk"))
    try:
        received = inbox.receive(
            db.session, scan, typed_code=form.code.data, received_by_id=current_user.id
        )
    except inbox.CodeRefused as refusal:
        db.session.rollback()  # nothing stored; the form token stays unused
        form.code.errors.append(refusal.message(current_locale()))
        return _render_desk(form, 422)
    page = url_for(".reply", reply_id=received.reply.id)
    settle(db.session, form.once.data, page)
    db.session.commit()
    if received.outcome == "unmatched":
        flash(_("No letter found for this reply: it is kept on the list to resolve."), "warning")
    return redirect(page)


upload.max_content_length = UPLOAD_BODY_BYTES  # type: ignore[attr-defined]


def _reply_or_404(reply_id: int) -> Reply:
    return db.session.get(Reply, reply_id) or abort(404)


def _render_reply(reply: Reply, resolve_form: ResolveForm | None = None, status: int = 200):
    return (
        render_template(
            "replies/reply.html",
            reply=reply,
            states=ReplyState,
            button_form=BaseForm(),
            resolve_form=resolve_form or ResolveForm(formdata=None),
            notice_pending=notice.pending(reply),
            other_replies=inbox.other_replies(db.session, reply),
        ),
        status,
    )


@bp.get("/<int:reply_id>")
def reply(reply_id: int):
    """One reply: what it matched and its pages, with what the volunteer may do next."""
    return _render_reply(_reply_or_404(reply_id))


def _checked_form() -> None:
    if not BaseForm().validate_on_submit():
        abort(400)


def _not_waiting(reply: Reply):
    flash(_(inbox.NotWaiting.msgid), "warning")
    return redirect(url_for(".reply", reply_id=reply.id))


@bp.post("/<int:reply_id>/confirm")
def confirm(reply_id: int):
    """The match is right: the writer's page shows the reply, and the notice goes out."""
    reply = _reply_or_404(reply_id)
    _checked_form()
    try:
        inbox.confirm(db.session, reply, current_user.id)
    except inbox.NotWaiting:
        return _not_waiting(reply)
    db.session.commit()  # before the mail: a mail failure must not undo the confirmation
    flash(_("Confirmed: the writer can now see the reply."), "info")
    _flash_notice(notice.send_notice(db.session, reply))
    return redirect(url_for(".reply", reply_id=reply.id))


def _flash_notice(outcome: notice.Outcome) -> None:
    if outcome == "sent":
        flash(_("The writer was sent an e-mail that a reply has arrived."), "info")
    elif outcome == "failed":
        flash(
            _(
                "The e-mail to the writer could not be sent (the mail server did not take it). "
                "The reply is confirmed all the same: send the e-mail again below."
            ),
            "warning",
        )


@bp.post("/<int:reply_id>/notify")
def notify(reply_id: int):
    """Send the writer's notice again after the mail server failed."""
    reply = _reply_or_404(reply_id)
    _checked_form()
    _flash_notice(notice.send_notice(db.session, reply))
    return redirect(url_for(".reply", reply_id=reply.id))


@bp.post("/<int:reply_id>/unmatch")
def unmatch(reply_id: int):
    """Not this letter: the reply goes on the list to resolve."""
    reply = _reply_or_404(reply_id)
    _checked_form()
    try:
        inbox.unmatch(db.session, reply)
    except inbox.NotWaiting:
        return _not_waiting(reply)
    db.session.commit()
    flash(_("The reply is on the list to resolve: type the code you read on it."), "info")
    return redirect(url_for(".reply", reply_id=reply.id))


@bp.post("/<int:reply_id>/resolve")
def resolve(reply_id: int):
    """Match a reply from the list to resolve by the code the volunteer read on it."""
    reply = _reply_or_404(reply_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        return _render_reply(reply, form, 422)
    try:
        inbox.resolve(db.session, reply, form.code.data)
    except inbox.CodeRefused as refusal:
        db.session.rollback()
        form.code.errors.append(refusal.message(current_locale()))
        return _render_reply(db.session.get(Reply, reply_id), form, 422)
    db.session.commit()
    return redirect(url_for(".reply", reply_id=reply.id))


@bp.get("/<int:reply_id>/pages/<int:number>")
def page_image(reply_id: int, number: int):
    """A page's picture, while the reply waits for a volunteer (not once it is the writer's)."""
    reply = _reply_or_404(reply_id)
    if reply.state not in (ReplyState.UNMATCHED, ReplyState.TO_CONFIRM):
        abort(404)
    return page_response(reply, number)
