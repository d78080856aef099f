"""Evenings: the organiser creates and prints; participants write from the link, no account."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from datetime import date

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select

from letters.api import api_limit
from letters.api.check import checked_request
from letters.api.errors import ApiError
from letters.auth.access import role_required
from letters.auth.models import Role
from letters.batches.claims import NothingToClaim, Selection, create_batch
from letters.batches.models import LetterStatus, QueuedLetter
from letters.batches.queue import find_by_reference
from letters.database import parse_id
from letters.directory.models import Prisoner
from letters.directory.pages import card_for, known_facilities, known_regions
from letters.evenings import operations
from letters.evenings.cards import cards_pdf, evening_prisoners
from letters.evenings.forms import EditEveningForm, EveningForm, PrintForm
from letters.evenings.models import DEFAULT_LETTER_LIMIT, Evening, EveningLetter, evening_batches
from letters.evenings.shortlist import Criteria
from letters.extensions import db, limiter
from letters.forms import BaseForm
from letters.jobs import jobs
from letters.once import AlreadyDone, claim, settle
from letters.ratelimits import client, first_over
from letters.replies.access import reply_link
from letters.writing import LOOKUP_SCOPE, lookup_limit
from letters.writing.compose import DRAFT_DAYS
from letters.writing.forms import LetterForm
from letters.writing.submission import checked, envelopes_refused, letter_form

bp = Blueprint("evenings", __name__)


# --- The organiser (a volunteer account) -------------------------------------------------------


def _evening(evening_id: int) -> Evening:
    return db.session.get(Evening, evening_id) or abort(404)


def _criteria(form: EveningForm) -> Criteria:
    return Criteria(
        facility_id=parse_id(form.facility_id.data),
        region=form.region.data or None,
        birthdays_from=form.birthdays_from.data,
        birthdays_to=form.birthdays_to.data,
        fewest_letters=bool(form.fewest_letters.data),
        size=form.size.data,
    )


@bp.get("/evenings")
@role_required(Role.VOLUNTEER)
def evenings():
    """Every evening: those to come first (soonest first), then those past (latest first)."""
    today = date.today()
    rows = db.session.execute(
        select(Evening, func.count(EveningLetter.letter_id))
        .outerjoin(EveningLetter, EveningLetter.evening_id == Evening.id)
        .group_by(Evening.id)
        .order_by(Evening.held_on, Evening.id)
    ).all()
    upcoming = [(e, n) for e, n in rows if e.held_on >= today]
    past = [(e, n) for e, n in reversed(rows) if e.held_on < today]
    return render_template("evenings/list.html", upcoming=upcoming, past=past)


@bp.route("/evenings/new", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def new_evening():
    """Name, date and a shortlist built from the directory."""
    form = EveningForm()
    form.set_choices(known_facilities(), known_regions())
    if form.validate_on_submit():
        try:
            claim(db.session, form.once.data)
            evening = operations.create_evening(
                db.session,
                current_user,
                name=form.name.data,
                held_on=form.held_on.data,
                place=form.place.data,
                criteria=_criteria(form),
                letter_limit=form.letter_limit.data or DEFAULT_LETTER_LIMIT,
            )
        except AlreadyDone as done:  # sent twice: the evening exists already
            return redirect(url_for(".evening", evening_id=int(done.result)))
        except operations.NobodyMatches:
            db.session.rollback()
            form.size.errors.append(_("Nobody who can receive post matches; widen the choice."))
        else:
            settle(db.session, form.once.data, str(evening.id))
            db.session.commit()
            return redirect(url_for(".evening", evening_id=evening.id))
    return render_template("evenings/new.html", form=form), 422 if form.errors else 200


@bp.route("/evenings/<int:evening_id>/edit", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def edit(evening_id: int):
    """Rename, re-date, move; take people off the list or add more who match."""
    found = _evening(evening_id)
    form = EditEveningForm(obj=found if request.method == "GET" else None)
    form.set_choices(known_facilities(), known_regions())
    form.keep.choices = [(p.id, p.full_name) for p in evening_prisoners(found)]
    if request.method == "GET":
        form.keep.data = [p.id for p in evening_prisoners(found)]
    if form.validate_on_submit():
        criteria = _criteria(form) if form.size.data else None
        added = operations.edit_evening(
            db.session,
            found,
            name=form.name.data,
            held_on=form.held_on.data,
            place=form.place.data,
            keep=form.keep.data or [],
            criteria=criteria,
            letter_limit=form.letter_limit.data or DEFAULT_LETTER_LIMIT,
        )
        db.session.commit()
        if criteria is not None and not added:
            flash(
                _("Nobody more who can receive post matches; the list has no one new."), "warning"
            )
        return redirect(url_for(".evening", evening_id=found.id))
    return render_template("evenings/edit.html", form=form, evening=found), (
        422 if form.errors else 200
    )


@bp.post("/evenings/<int:evening_id>/<any(close, reopen, delete):action>")
@role_required(Role.VOLUNTEER)
def change(evening_id: int, action: str):
    """Close the link, open it again, or delete an evening at which nobody wrote."""
    found = _evening(evening_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    if action == "close":
        operations.close_evening(db.session, found)
        flash(_("The evening is closed: its link takes no more letters."), "info")
    elif action == "reopen":
        operations.reopen_evening(db.session, found)
        flash(_("The evening's link takes letters again."), "info")
    else:
        name = found.name
        try:
            operations.delete_evening(db.session, found)
        except operations.EveningHasLetters:
            flash(
                _(
                    "Letters were written at this evening, so it cannot be deleted. Close it "
                    "instead."
                ),
                "warning",
            )
            return redirect(url_for(".evening", evening_id=found.id))
        db.session.commit()
        flash(_("The evening %(name)s is deleted.", name=name), "info")
        return redirect(url_for(".evenings"))
    db.session.commit()
    return redirect(url_for(".evening", evening_id=found.id))


def _public_url(evening: Evening) -> str:
    return url_for(".join", code=evening.code, _external=True)


def _qr_svg(evening: Evening, scale: int = 6) -> str:
    # Made here, from the link alone: no outside service sees who organises what.
    return segno.make(_public_url(evening), error="m").svg_inline(scale=scale)


def _letters(evening: Evening) -> list[QueuedLetter]:
    return list(
        db.session.scalars(
            select(QueuedLetter)
            .join(EveningLetter, EveningLetter.letter_id == QueuedLetter.id)
            .where(EveningLetter.evening_id == evening.id)
        )
    )


@bp.get("/evenings/<int:evening_id>")
@role_required(Role.VOLUNTEER)
def evening(evening_id: int):
    """The link and QR code to show, the shortlist with letters so far, and printing."""
    found = _evening(evening_id)
    written = _letters(found)
    # A letter its writer withdrew (or a volunteer cancelled) is not counted; it still counts as
    # written at the evening, which can then no longer be deleted.
    letters = [letter for letter in written if letter.status is not LetterStatus.CANCELLED]
    per_prisoner = Counter(letter.prisoner_id for letter in letters)
    waiting = sum(1 for letter in letters if letter.status is LetterStatus.QUEUED)
    return render_template(
        "evenings/evening.html",
        evening=found,
        public_url=_public_url(found),
        qr=Markup(_qr_svg(found)),  # segno's own SVG markup, made from our URL
        shortlist=evening_prisoners(found),
        per_prisoner=per_prisoner,
        letter_count=len(letters),
        waiting=waiting,
        form=PrintForm(),
        action_form=BaseForm(),
        deletable=not written,
        batches=evening_batches(db.session, found),
    )


@bp.get("/evenings/<int:evening_id>/qr.svg")
@role_required(Role.VOLUNTEER)
def qr(evening_id: int):
    """The QR code alone, to put on a screen or a poster."""
    out = io.BytesIO()
    segno.make(_public_url(_evening(evening_id)), error="m").save(out, kind="svg", scale=10)
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "image/svg+xml"
    return response


@bp.get("/evenings/<int:evening_id>/cards.pdf")
@role_required(Role.VOLUNTEER)
def cards(evening_id: int):
    """The shortlist as printable cards, four to an A4 sheet."""
    found = _evening(evening_id)
    pdf = cards_pdf(
        evening_prisoners(found),
        today=date.today(),
        stale_after_days=current_app.config["STALE_AFTER_DAYS"],
    )
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="cards-{found.code}.pdf"'
    return response


@bp.post("/evenings/<int:evening_id>/print")
@role_required(Role.VOLUNTEER)
def print_evening(evening_id: int):
    """Claim the evening's waiting letters into one batch (the usual no-double-print claim)."""
    found = _evening(evening_id)
    form = PrintForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        batch = create_batch(
            db.session,
            current_user,
            Selection(evening_id=found.id),
            envelope_format=form.envelope_format.data,
            once=form.once.data,
        )
    except AlreadyDone as done:  # sent twice: the first click made the batch
        return redirect(url_for("volunteer.batch_page", batch_id=int(done.result)))
    except NothingToClaim:
        flash(_("No letters of this evening are waiting to be printed."), "warning")
        return redirect(url_for(".evening", evening_id=found.id))
    jobs().request(batch.id)  # a worker makes the files, as for any batch
    return redirect(url_for("volunteer.batch_page", batch_id=batch.id))


# --- Participants (no account) ------------------------------------------------------------------

LINK_SCOPE = "evening-link"
GUESS_SCOPE = "evening-guess"
LETTERS_SCOPE = "evening-letters"
CHECK_SCOPE = "evening-check"
BROWSER_CHECK_SCOPE = "evening-check-browser"


def _link_limit() -> str:
    return current_app.config["EVENING_LINK_RATE_LIMIT"]


def _guess_limit() -> str:
    return current_app.config["EVENING_GUESS_RATE_LIMIT"]


def _not_found(response) -> bool:
    return response.status_code == 404


# Every evening page counts against the first limit; a code (or person) not found, a guess,
# against the second too, which holds guessing to a few codes a minute per client.
link_limit = limiter.shared_limit(_link_limit, scope=LINK_SCOPE, key_func=client)
guess_limit = limiter.shared_limit(
    _guess_limit, scope=GUESS_SCOPE, key_func=client, deduct_when=_not_found
)


def _by_code(code: str) -> Evening:
    return db.session.scalar(select(Evening).where(Evening.code == code.upper())) or abort(404)


def _evening_full(evening: Evening, form: LetterForm) -> bool:
    """Whether the evening has taken its ``letter_limit`` letters today (counted in the shared
    store); if so, the form says so and keeps everything typed."""
    if first_over([(f"{evening.letter_limit} per day", LETTERS_SCOPE, str(evening.id))]) is None:
        return False
    form.text.errors.append(
        _(
            "This evening has taken the %(limit)s letters a day its organiser set as the most. "
            "Your letter is kept here and in this browser: show it to the organiser.",
            limit=evening.letter_limit,
        )
    )
    return True


@bp.get("/e/<code>")
@link_limit
@guess_limit
def join(code: str):
    """The evening's shortlist: choose someone to write to."""
    found = _by_code(code)
    if not found.is_open:
        return _closed(found)
    cards = [card_for(p) for p in evening_prisoners(found)]
    return render_template("evenings/join.html", evening=found, cards=cards)


def _closed(evening: Evening, prisoner: Prisoner | None = None, form: LetterForm | None = None):
    """The page a late participant sees; a letter they were writing goes on with them."""
    return render_template(
        "evenings/closed.html", evening=evening, prisoner=prisoner, form=form
    ), 410


@bp.route("/e/<code>/write/<int:prisoner_id>", methods=["GET", "POST"])
@link_limit
@guess_limit
def write(code: str, prisoner_id: int):
    """Write to someone on the shortlist; the letter goes into the evening's queue."""
    found = _by_code(code)
    if prisoner_id not in {entry.prisoner_id for entry in found.shortlist}:
        abort(404)
    prisoner = db.session.get(Prisoner, prisoner_id) or abort(404)
    card = card_for(prisoner)
    form = letter_form()
    if not found.is_open:
        return _closed(found, prisoner, form if request.method == "POST" else None)
    result = None
    status = 200
    if request.method == "POST":
        result, sendable = checked(form)
        status = 200 if sendable else 422
        if sendable and request.form.get("action") == "queue":
            if not card.can_post:
                abort(409)
            if envelopes_refused(prisoner, form):
                status = 422
            elif _evening_full(found, form):
                status = 429
            else:
                try:
                    claim(db.session, form.once.data)
                except AlreadyDone as done:  # sent twice: the letter is in the pile once
                    return redirect(url_for(".thanks", code=found.code, reference=done.result))
                letter = operations.add_letter(db.session, found, prisoner, form.draft())
                settle(db.session, form.once.data, letter.reference)
                db.session.commit()
                if link := reply_link(letter):
                    flash(
                        _(
                            "Keep this private link: it is the only way to read the reply, and "
                            "it is shown only now: %(link)s",
                            link=link,
                        ),
                        "info",
                    )
                return redirect(url_for(".thanks", code=found.code, reference=letter.reference))
    form.greet(prisoner.first_name)
    return render_template(
        "evenings/write.html",
        evening=found,
        card=card,
        form=form,
        result=result,
        draft_days=DRAFT_DAYS,
    ), status


@bp.post("/e/<code>/check")
@guess_limit
def check(code: str):
    """The live check of the evening's write pages. The room shares one address, so the public
    check's limit per address would stop a room of ten typing at once: here each browser (its
    session) has that limit, and the evening as a whole ``EVENING_CHECK_RATE_LIMIT``. The
    session's CSRF token, which the request must carry, tells the browsers apart."""
    found = _by_code(code)
    if not found.is_open:
        raise ApiError(
            410,
            _(
                "This evening is over: its organisers have closed the link and it takes no more "
                "letters."
            ),
        )
    token = session.get("csrf_token") or client()  # none only where CSRF is switched off
    browser = hashlib.sha256(token.encode()).hexdigest()[:24]
    limits = [
        (api_limit(), BROWSER_CHECK_SCOPE, f"{found.id}:{browser}"),
        (current_app.config["EVENING_CHECK_RATE_LIMIT"], CHECK_SCOPE, str(found.id)),
    ]
    if first_over(limits) is not None:
        raise ApiError(
            429, _("Too many checks at once; the letter is checked again when you send it.")
        )
    return checked_request()


@bp.get("/e/<code>/thanks/<reference>")
@limiter.shared_limit(lookup_limit, scope=LOOKUP_SCOPE)
def thanks(code: str, reference: str):
    """Thank the participant and give them their letter's page to keep, with a QR code of it."""
    found = _by_code(code)
    letter = find_by_reference(db.session, reference) or abort(404)
    link = db.session.get(EveningLetter, letter.id)
    if link is None or link.evening_id != found.id:
        abort(404)
    status_url = url_for("writing.status", reference=letter.reference, _external=True)
    return render_template(
        "evenings/thanks.html",
        evening=found,
        letter=letter,
        status_url=status_url,
        # segno's own SVG markup, made here from our URL: no outside service sees the letter.
        qr=Markup(segno.make(status_url, error="m").svg_inline(scale=4)),
    )
