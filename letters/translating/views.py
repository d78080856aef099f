"""The translators' pages: the queue of each of their languages, and the translation page."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from letters.auth.access import role_required
from letters.auth.forms import language_names
from letters.auth.models import Role
from letters.database import parse_id, utcnow
from letters.extensions import db
from letters.i18n import current_locale
from letters.language import REJECT, check
from letters.translating.forms import ClaimForm, ReviewForm, ReviewSettingForm, TranslationForm
from letters.translating.models import Translation, TranslationState
from letters.translating.queue import (
    ClaimLost,
    NothingToClaim,
    claim,
    claim_review,
    languages_of,
    mine,
    release_expired,
    require_review,
    review,
    review_required,
    submit,
    to_review,
    waiting,
)
from letters.writing.compose import DRAFT_DAYS

bp = Blueprint("translating", __name__, url_prefix="/translate")


@bp.get("/")
@role_required(Role.TRANSLATOR)
def queue():
    """The letters waiting in each of the translator's languages, and those they hold."""
    release_expired(db.session)
    languages = languages_of(db.session, current_user)
    return render_template(
        "translating/queue.html",
        queues=[(code, language_names([code]), waiting(db.session, code)) for code in languages],
        held=mine(db.session, current_user),
        reviews=to_review(db.session, current_user),
        language_names=language_names,
        form=ClaimForm(),
        states=TranslationState,
        setting_form=ReviewSettingForm(
            formdata=None, data={"review_required": review_required(db.session)}
        ),
    )


@bp.post("/settings")
@role_required(Role.COORDINATOR)
def settings():
    """Whether a second translator reviews each translation."""
    form = ReviewSettingForm()
    if not form.validate_on_submit():
        abort(400)
    require_review(db.session, form.review_required.data)
    db.session.commit()
    if form.review_required.data:
        flash(_("From now on, a second translator reviews each translation."), "info")
    else:
        flash(_("Translations now go on without a review."), "info")
    return redirect(url_for("translating.queue"))


@bp.post("/claim")
@role_required(Role.TRANSLATOR)
def take():
    """Claim one letter (the oldest of a language, or the one chosen) and open it."""
    form = ClaimForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = parse_id(form.translation_id.data) if form.translation_id.data else None
    if form.translation_id.data and wanted is None:
        abort(400)
    try:
        taken = claim(db.session, current_user, wanted, language=form.language.data or None)
    except NothingToClaim:
        flash(_("Another translator has just taken that letter: choose another."), "error")
        return redirect(url_for("translating.queue"))
    return redirect(url_for("translating.translate", translation_id=taken.id))


def _checked(form: TranslationForm) -> bool:
    """Whether the text, greeting and signature would all pass the censor; a field that would
    not gets the reason, and everything typed stays in the form."""
    passes = True
    for field in (form.greeting, form.text, form.signature):
        if field.data and check(field.data, current_locale()).verdict == REJECT:
            field.errors.append(
                _("This would not pass the prison censor. Change what the check marks.")
            )
            passes = False
    return passes


def _holds(translation: Translation, state: TranslationState) -> bool:
    """Whether the current user holds a live claim on the translation in ``state`` (to
    translate it, or to review it)."""
    return (
        translation.state == state
        and translation.claimed_by_id == current_user.id
        and translation.lease_expires_at is not None
        and _aware(translation.lease_expires_at) >= utcnow()
    )


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes (stored as UTC).
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@bp.route("/<int:translation_id>", methods=["GET", "POST"])
@role_required(Role.TRANSLATOR)
def translate(translation_id: int):
    """The original beside the Russian, with the letter page's live check. Only a text that
    passes the check is taken; a claim that ended meanwhile loses nothing typed."""
    translation = db.session.get(Translation, translation_id) or abort(404)
    form = TranslationForm()
    result = None
    status = 200
    if request.method == "GET":
        if translation.claimed_by_id != current_user.id or (
            translation.state != TranslationState.CLAIMED
        ):
            abort(404)
        if translation.return_note is not None:
            # Returned by a reviewer: revise the translation, not start again.
            form.text.data = translation.text
            form.greeting.data = translation.greeting
            form.signature.data = translation.signature
    elif not form.validate_on_submit():
        status = 422
    else:
        action = request.form.get("action", "send")
        if action == "accept_fixes":
            # Without JavaScript: take the checker's corrected text, then check it again.
            form.text.data = check(form.text.data, current_locale()).fixed_text
        result = check(form.text.data, current_locale())
        if not _checked(form):
            status = 422
        elif action == "send":
            russian = (form.text.data, form.greeting.data or "", form.signature.data or "")
            try:
                submit(db.session, translation.id, current_user, russian)
            except ClaimLost:
                status = 409
            else:
                flash(_("Thank you: the letter is in Russian now."), "info")
                return redirect(url_for("translating.queue"))
    db.session.refresh(translation)
    return render_template(
        "translating/translate.html",
        translation=translation,
        form=form,
        result=result,
        lost=not _holds(translation, TranslationState.CLAIMED),
        language=language_names([translation.language]),
        draft_days=DRAFT_DAYS,
    ), status


@bp.post("/<int:translation_id>/review/claim")
@role_required(Role.TRANSLATOR)
def take_review(translation_id: int):
    """Take a translation to review and open it."""
    if not ClaimForm().validate_on_submit():
        abort(400)
    try:
        claim_review(db.session, current_user, translation_id)
    except NothingToClaim:
        flash(_("Another translator has just taken that letter: choose another."), "error")
        return redirect(url_for("translating.queue"))
    return redirect(url_for("translating.review_page", translation_id=translation_id))


@bp.route("/<int:translation_id>/review", methods=["GET", "POST"])
@role_required(Role.TRANSLATOR)
def review_page(translation_id: int):
    """Both texts side by side: approve, or return with a note."""
    translation = db.session.get(Translation, translation_id) or abort(404)
    form = ReviewForm()
    status = 200
    if request.method == "GET":
        if not _holds(translation, TranslationState.IN_REVIEW):
            abort(404)
    elif not form.validate_on_submit():
        status = 422
    else:
        returning = request.form.get("action") == "return"
        if returning and not (form.note.data or "").strip():
            form.note.errors.append(_("Say what to change, so the translator can revise it."))
            status = 422
        else:
            try:
                review(
                    db.session, translation.id, current_user, form.note.data if returning else None
                )
            except ClaimLost:
                status = 409
            else:
                if returning:
                    flash(_("The translation is back in the queue with your note."), "info")
                else:
                    flash(_("Thank you: the translation is approved."), "info")
                return redirect(url_for("translating.queue"))
    db.session.refresh(translation)
    return render_template(
        "translating/review.html",
        translation=translation,
        form=form,
        lost=not _holds(translation, TranslationState.IN_REVIEW),
        language=language_names([translation.language]),
    ), status
