"""Evenings: the organiser creates and prints; participants write from the link, no account."""

from __future__ import annotations

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
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from letters.auth.access import role_required
from letters.auth.models import Role
from letters.batches.claims import NothingToClaim, Selection, create_batch
from letters.batches.models import LetterStatus, QueuedLetter
from letters.batches.queue import enqueue
from letters.directory.models import Prisoner
from letters.directory.views import card_for, known_facilities, known_regions
from letters.evenings.cards import cards_pdf, evening_prisoners
from letters.evenings.forms import EveningForm, PrintForm
from letters.evenings.models import Evening, EveningLetter, EveningPrisoner
from letters.evenings.shortlist import Criteria, build_shortlist
from letters.extensions import db
from letters.jobs import jobs
from letters.writing.submission import checked, envelopes_refused, letter_form
from letters.writing.views import DRAFT_DAYS, reply_link

bp = Blueprint("evenings", __name__)


# --- The organiser (a volunteer account) -------------------------------------------------------


def _evening(evening_id: int) -> Evening:
    return db.session.get(Evening, evening_id) or abort(404)


def _criteria(form: EveningForm) -> Criteria:
    facility = form.facility_id.data or ""
    return Criteria(
        facility_id=int(facility) if facility.isdigit() else None,
        region=form.region.data or None,
        birthdays_from=form.birthdays_from.data,
        birthdays_to=form.birthdays_to.data,
        fewest_letters=bool(form.fewest_letters.data),
        size=form.size.data,
    )


@bp.route("/evenings/new", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def new_evening():
    """Name, date and a shortlist built from the directory."""
    form = EveningForm()
    form.set_choices(known_facilities(), known_regions())
    if form.validate_on_submit():
        prisoners = build_shortlist(db.session, _criteria(form))
        if not prisoners:
            form.size.errors.append(_("Nobody who can receive post matches; widen the choice."))
        else:
            evening = Evening(
                name=form.name.data, held_on=form.held_on.data, created_by_id=current_user.id
            )
            evening.shortlist = [
                EveningPrisoner(prisoner_id=p.id, position=n) for n, p in enumerate(prisoners)
            ]
            db.session.add(evening)
            db.session.commit()
            return redirect(url_for(".evening", evening_id=evening.id))
    return render_template("evenings/new.html", form=form), 422 if form.errors else 200


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
    letters = _letters(found)
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
        )
    except NothingToClaim:
        flash(_("No letters of this evening are waiting to be printed."), "warning")
        return redirect(url_for(".evening", evening_id=found.id))
    jobs().request(batch.id)  # a worker makes the files, as for any batch
    return redirect(url_for("volunteer.batch_page", batch_id=batch.id))


# --- Participants (no account) ------------------------------------------------------------------


def _by_code(code: str) -> Evening:
    return db.session.scalar(select(Evening).where(Evening.code == code.upper())) or abort(404)


@bp.get("/e/<code>")
def join(code: str):
    """The evening's shortlist: choose someone to write to."""
    found = _by_code(code)
    cards = [card_for(p) for p in evening_prisoners(found)]
    return render_template("evenings/join.html", evening=found, cards=cards)


@bp.route("/e/<code>/write/<int:prisoner_id>", methods=["GET", "POST"])
def write(code: str, prisoner_id: int):
    """Write to someone on the shortlist; the letter goes into the evening's queue."""
    found = _by_code(code)
    if prisoner_id not in {entry.prisoner_id for entry in found.shortlist}:
        abort(404)
    prisoner = db.session.get(Prisoner, prisoner_id) or abort(404)
    card = card_for(prisoner)
    form = letter_form()
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
            else:
                letter = enqueue(db.session, prisoner, form.draft())
                db.session.add(EveningLetter(letter_id=letter.id, evening_id=found.id))
                db.session.commit()
                flash(
                    _("Thank you! Your letter to %(name)s is in the evening's pile. Its code is "
                      "%(code)s.", name=prisoner.full_name, code=letter.reference),
                    "info",
                )  # fmt: skip
                if link := reply_link(letter):
                    flash(_("Keep this private link: it is the only way to read the reply, and "
                            "it is shown only now: %(link)s", link=link), "info")  # fmt: skip
                return redirect(url_for(".join", code=found.code))
    return render_template(
        "evenings/write.html",
        evening=found,
        card=card,
        form=form,
        result=result,
        draft_days=DRAFT_DAYS,
    ), status
