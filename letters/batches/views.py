"""Volunteer pages: the queue, batches, downloads, and recording printing and posting."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from wtforms import SelectChoice

from letters.auth.access import role_required
from letters.auth.models import Role
from letters.batches import holds, lifecycle, storage
from letters.batches.claims import NothingToClaim, Selection, create_batch
from letters.batches.files import held_by_output
from letters.batches.forms import BatchForm, HeldLetterForm, PostedForm, ReturnedForm
from letters.batches.generation import GENERATION_ATTEMPTS, can_generate, retry
from letters.batches.holds import HOLD_REASONS, Reason, hold_reason
from letters.batches.models import Batch, BatchStatus, LetterEvent, LetterStatus, QueuedLetter
from letters.batches.queue import waiting
from letters.batches.returns import ReturnError, facilities_with_returns, record_return
from letters.directory.models import Facility
from letters.evenings.models import batch_evening
from letters.extensions import db
from letters.forms import BaseForm
from letters.i18n import current_locale, stored_message
from letters.jobs import jobs
from letters.messages import N_
from letters.once import AlreadyDone, claim, settle
from letters.pdf.layout import ENVELOPES, LABEL_OUTPUTS, NO_ENVELOPES

bp = Blueprint("volunteer", __name__, url_prefix="/volunteer")


# What each batch status is called on the volunteer pages (one place for every template).
BATCH_STATUS_LABELS = {
    BatchStatus.CLAIMED: N_("being prepared"),
    BatchStatus.READY: N_("ready to print"),
    BatchStatus.PRINTED: N_("printed"),
    BatchStatus.POSTED: N_("posted"),
    BatchStatus.CANCELLED: N_("cancelled"),
    BatchStatus.FAILED: N_("failed"),
}


def batch_status(status: BatchStatus) -> str:
    """The batch status in the page's language."""
    return _(BATCH_STATUS_LABELS[status])


@bp.before_request
@role_required(Role.VOLUNTEER)
def require_volunteer() -> None:
    """Every page here needs a volunteer (or coordinator) account."""


def _queue_overview():
    groups, held = waiting(db.session, _("Address given"))
    return groups, [(letter, reason, _detail(letter)) for letter, reason in held]


def _detail(letter: QueuedLetter) -> str | None:
    """What exactly stops a letter set aside from a batch, in the volunteer's language."""
    if not letter.held_reason:
        return None
    return Reason.loads(letter.held_reason).message(current_locale())


def _set_aside_from(batch: Batch) -> list[tuple[QueuedLetter, str | None]]:
    """Letters this batch could not print and returned to the queue, with why."""
    return [(letter, _detail(letter)) for letter in holds.set_aside_from(db.session, batch.id)]


def _batch_form(groups: dict[tuple[str, str], list[QueuedLetter]] | None = None) -> BatchForm:
    form = BatchForm()
    if groups:
        _say_what_would_be_held(form, [letter for group in groups.values() for letter in group])
    regions = sorted(filter(None, db.session.scalars(select(Facility.region).distinct())))
    form.region.choices = [SelectChoice("", "—"), *(SelectChoice(r, r) for r in regions)]
    facilities = db.session.scalars(select(Facility).order_by(Facility.region, Facility.name))
    form.facility_id.choices = [
        SelectChoice("", "—"),
        *(SelectChoice(str(f.id), f.name) for f in facilities),
    ]
    return form


def _say_what_would_be_held(form: BatchForm, letters: list[QueuedLetter]) -> None:
    """Each envelope or label choice says how many of the queued letters it would hold back,
    before the volunteer takes them (a long address does not fit a small label)."""
    held = held_by_output(letters, [choice.value for choice in form.envelope_format.choices])

    def label(choice: SelectChoice) -> str:
        if not held[choice.value]:
            return choice.label
        return _(
            "%(name)s — %(count)s of %(total)s letters would be held back",
            name=choice.label,
            count=held[choice.value],
            total=len(letters),
        )

    form.envelope_format.choices = [
        SelectChoice(choice.value, label(choice)) for choice in form.envelope_format.choices
    ]


@bp.get("/")
def queue():
    """Queued letters by region and facility, with counts and age; held letters apart."""
    groups, held = _queue_overview()
    return render_template(
        "batches/queue.html",
        groups=groups,
        held=held,
        reasons=HOLD_REASONS,
        form=_batch_form(groups),
        today=date.today(),
    )


@bp.post("/batches")
def new_batch():
    """Claim letters into a batch and start generating its files."""
    form = _batch_form()
    if not form.validate_on_submit():
        groups, held = _queue_overview()
        _say_what_would_be_held(form, [letter for group in groups.values() for letter in group])
        return render_template(
            "batches/queue.html",
            groups=groups,
            held=held,
            reasons=HOLD_REASONS,
            form=form,
            today=date.today(),
        ), 422
    selection = Selection(
        region=form.region.data if form.which.data == "region" else None,
        facility_id=int(form.facility_id.data) if form.which.data == "facility" else None,
        oldest=form.oldest.data,
    )
    try:
        batch = create_batch(
            db.session,
            current_user,
            selection,
            envelope_format=form.envelope_format.data,
            start_label=form.start_label.data or 1,
            duplex=bool(form.duplex.data),
            once=form.once.data,
        )
    except AlreadyDone as done:  # the form was sent twice: its batch is made already
        return redirect(url_for("volunteer.batch_page", batch_id=int(done.result)))
    except NothingToClaim:
        flash(_("No printable letters match: they may have just been taken by someone else."))
        return redirect(url_for("volunteer.queue"))
    jobs().request(batch.id)
    return redirect(url_for("volunteer.batch_page", batch_id=batch.id))


@bp.get("/batches")
def batches():
    """All batches, newest first."""
    rows = db.session.scalars(select(Batch).order_by(Batch.id.desc())).all()
    return render_template("batches/list.html", batches=rows)


def _batch(batch_id: int) -> Batch:
    return db.session.get(Batch, batch_id) or abort(404)


def _ensure_generating(batch: Batch) -> bool:
    """Ask a worker for the zip when it is missing and nobody is making it; True when stored.

    Any server may be asked: the request is recorded in the database, so refreshes on every
    server start one job, and a worker that died is replaced once its lease expires.
    """
    if storage.has_file(batch):
        return True
    if not can_generate(batch):
        return False
    jobs().request(batch.id)
    db.session.refresh(batch)  # the job may have run already (immediate mode)
    return storage.has_file(batch)


@bp.get("/batches/<int:batch_id>")
def batch_page(batch_id: int):
    """A batch: generation progress, the download, and what to record next."""
    batch = _batch(batch_id)
    return _render_batch_page(batch, ready=_ensure_generating(batch), posted_form=PostedForm())


def _render_batch_page(batch: Batch, *, ready: bool, posted_form: PostedForm) -> str:
    return render_template(
        "batches/batch.html",
        batch=batch,
        ready=ready,
        action_form=BaseForm(),
        posted_form=posted_form,
        total=len(batch.letters),
        attempts=GENERATION_ATTEMPTS,
        set_aside=_set_aside_from(batch),
        on_labels=batch.envelope_format in LABEL_OUTPUTS,
        letters_only=batch.envelope_format == NO_ENVELOPES,
        reply=_reply_envelope(batch),
        purged=batch.purged,
        evening=batch_evening(db.session, batch),
    )


def _reply_envelope(batch: Batch):
    """The reply envelope that goes inside this batch's envelopes, when any letter has one."""
    layout = ENVELOPES.get(batch.envelope_format)
    if layout is None or not any(letter.reply_kit for letter in batch.letters):
        return None
    return layout.reply


@bp.get("/batches/<int:batch_id>/progress")
def batch_progress(batch_id: int):
    """Progress as JSON, for the page's progress bar."""
    batch = _batch(batch_id)
    ready = _ensure_generating(batch)
    return {
        "done": batch.progress,
        "total": len(batch.letters),
        "ready": ready,
        "failed": batch.status is BatchStatus.FAILED,
    }


@bp.post("/batches/<int:batch_id>/retry")
def retry_generation(batch_id: int):
    """Try a failed batch's files again (after the cause was fixed)."""
    _batch(batch_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    if retry(batch_id):
        jobs().request(batch_id)
        flash(_("The files are being prepared again."))
    else:
        flash(_("This cannot be done to the batch in its current state."))
    return redirect(url_for("volunteer.batch_page", batch_id=batch_id))


@bp.post("/batches/<int:batch_id>/download")
def download(batch_id: int):
    """The zip. A batch already printed is given again only as a deliberate reprint."""
    batch = _batch(batch_id)
    form = BaseForm()
    if not form.validate_on_submit():
        abort(400)
    refused = lifecycle.start_download(
        db.session, batch, current_user, reprint=request.form.get("reprint") == "yes"
    )
    if refused == lifecycle.NOTHING_TO_GIVE:
        abort(409)
    if refused == lifecycle.PURGED:
        flash(
            _("The letters of this batch were deleted after posting: it cannot be printed again.")
        )
        return redirect(url_for("volunteer.batch_page", batch_id=batch_id))
    if refused == lifecycle.CONFIRM_REPRINT:
        flash(_("This batch was printed already. To print it again, confirm the reprint."))
        return redirect(url_for("volunteer.batch_page", batch_id=batch_id))
    db.session.commit()  # a reprint is in every letter's history before the zip goes out
    if not _ensure_generating(batch):
        flash(_("The files are still being prepared."))
        return redirect(url_for("volunteer.batch_page", batch_id=batch_id))
    engine = db.engine
    response = current_app.response_class(
        stream_with_context(storage.stream(engine, batch_id)), mimetype="application/zip"
    )
    response.headers["Content-Length"] = str(batch.file_size)
    response.headers["Content-Disposition"] = f'attachment; filename="letters-batch-{batch_id}.zip"'
    response.headers["ETag"] = f'"{batch.file_sha256}"'
    return response


@bp.post("/batches/<int:batch_id>/<any(printed, cancel):action>")
def change(batch_id: int, action: str):
    """Mark printed, or cancel (the letters go back to the queue)."""
    batch = _batch(batch_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    try:
        if action == "printed":
            lifecycle.mark_printed(db.session, batch, current_user)
            db.session.commit()
            flash(_("Marked as printed."))
        else:
            count = lifecycle.cancel_batch(db.session, batch, current_user)
            db.session.commit()
            flash(
                ngettext(
                    "Batch cancelled: %(num)s letter is back in the queue.",
                    "Batch cancelled: %(num)s letters are back in the queue.",
                    count,
                )
            )
    except lifecycle.InvalidTransition:
        flash(_("This cannot be done to the batch in its current state."))
    return redirect(url_for("volunteer.batch_page", batch_id=batch_id))


@bp.post("/batches/<int:batch_id>/posted")
def posted(batch_id: int):
    """Record the posting date and any tracking numbers."""
    batch = _batch(batch_id)
    form = PostedForm()
    if not form.validate_on_submit():
        return _render_batch_page(batch, ready=True, posted_form=form), 422
    by_reference = {letter.reference: letter.id for letter in batch.letters}
    tracking = {
        by_reference[code]: number
        for code, number in form.tracking_numbers().items()
        if code in by_reference
    }
    try:
        lifecycle.mark_posted(
            db.session,
            batch,
            current_user,
            on=form.posted_on.data or date.today(),
            tracking=tracking,
        )
        db.session.commit()
        flash(_("Marked as posted."))
    except lifecycle.InvalidTransition:
        flash(_("Mark the batch as printed first."))
    return redirect(url_for("volunteer.batch_page", batch_id=batch_id))


@bp.route("/letters/<int:letter_id>/held", methods=["GET", "POST"])
def held_letter(letter_id: int):
    """A held letter: why, its history; correct it and put it back in the queue, or cancel it."""
    letter = db.session.get(QueuedLetter, letter_id) or abort(404)
    reason = hold_reason(letter) if letter.status is LetterStatus.QUEUED else None
    if reason is None or letter.batch_id is not None:
        flash(_("Letter %(code)s is not held back.", code=letter.reference))
        return redirect(url_for("volunteer.queue"))
    form = HeldLetterForm(obj=letter, **holds.sender_as_typed(letter))
    status = 200
    if form.is_submitted():
        if not form.validate():
            status = 422
        else:
            try:
                if request.form.get("action") == "cancel":
                    holds.cancel(db.session, letter, current_user)
                    flash(_("Letter %(code)s is cancelled.", code=letter.reference))
                    return redirect(url_for("volunteer.queue"))
                still = holds.release(db.session, letter, current_user, form.data)
            except holds.NotHeld:  # taken care of by someone else meanwhile
                abort(409)
            db.session.commit()
            if still is None:
                flash(
                    _(
                        "Letter %(code)s can be printed: it is back in the queue.",
                        code=letter.reference,
                    )
                )
                return redirect(url_for("volunteer.queue"))
            flash(_("Letter %(code)s is still held: see why below.", code=letter.reference))
            return redirect(url_for("volunteer.held_letter", letter_id=letter.id))
    return render_template(
        "batches/held.html",
        letter=letter,
        form=form,
        reason=_(HOLD_REASONS[reason]),
        detail=_detail(letter),
        notes=_notes(letter),
    ), status


def _notes(letter: QueuedLetter) -> list[tuple[LetterEvent, str]]:
    """The letter's events with their notes in the reader's language (old notes as stored)."""
    return [(e, stored_message(e.note)) for e in letter.events]


@bp.route("/letters/<int:letter_id>/returned", methods=["GET", "POST"])
def returned(letter_id: int):
    """Record that a posted letter came back, with the reason stamped on it."""
    letter = db.session.get(QueuedLetter, letter_id) or abort(404)
    form = ReturnedForm()
    if form.is_submitted() and form.once.data:
        try:
            claim(db.session, form.once.data)  # before the status: the first post changed it
        except AlreadyDone:  # sent twice (a double click): recorded once, by the first
            return _after_return(letter)
    if letter.status is not LetterStatus.POSTED:
        abort(409)
    if form.validate_on_submit():
        try:
            record_return(db.session, letter, current_user, form.reason.data, form.note.data or "")
        except ReturnError:  # the form checks the same rules: only a race gets here
            abort(409)
        settle(db.session, form.once.data, str(letter.id))
        db.session.commit()
        flash(_("Letter %(code)s is recorded as returned.", code=letter.reference))
        return _after_return(letter)
    status = 422 if form.is_submitted() else 200
    return render_template("batches/returned.html", letter=letter, form=form), status


def _after_return(letter: QueuedLetter):
    """Back to the letter's batch (or the batches) once its return is recorded."""
    if letter.batch_id:
        return redirect(url_for("volunteer.batch_page", batch_id=letter.batch_id))
    return redirect(url_for("volunteer.batches"))


def facility_returns_section(session) -> Markup | None:
    """The facilities letters came back from, a section of the coordinators' start page
    (``letters.directory.signals.coordinator_sections``); None when none came back."""
    returns = facilities_with_returns(session)
    if not returns:
        return None
    return Markup(render_template("batches/_facility_returns.html", returns=returns))
