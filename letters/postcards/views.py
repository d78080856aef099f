"""Write a postcard: the same language check and address as a letter, printed as an A6 card."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template
from flask_babel import gettext as _

from letters import addressing
from letters.addressing import NoPostalAddress
from letters.directory.models import Prisoner
from letters.directory.pages import card_for
from letters.extensions import db
from letters.i18n import current_locale
from letters.language import check
from letters.pdf import PdfError
from letters.pdf.postcards import PostcardJob, render_postcards_pdf
from letters.postcards.forms import PostcardForm

bp = Blueprint("postcards", __name__)


@bp.route("/prisoners/<int:prisoner_id>/postcard", methods=["GET", "POST"])
def postcard(prisoner_id: int):
    """The postcard form; a checked greeting downloads as a PDF (nothing is stored)."""
    prisoner = db.session.get(Prisoner, prisoner_id) or abort(404)
    card = card_for(prisoner)
    if not card.can_post:
        abort(404)
    form = PostcardForm()
    result = None
    if form.validate_on_submit():
        result = check(form.text.data, current_locale())
        if result.verdict == "reject":
            form.text.errors.append(
                _("This letter would not pass the prison censor. Change what is marked below.")
            )
        else:
            try:
                pdf = render_postcards_pdf([_job(prisoner, form)])
            except NoPostalAddress:
                abort(409)
            except PdfError as error:
                form.text.errors.append(error.message(current_locale()))
            else:
                response = make_response(pdf)
                response.headers["Content-Type"] = "application/pdf"
                response.headers["Content-Disposition"] = 'attachment; filename="postcard.pdf"'
                response.headers["Cache-Control"] = "no-store"  # personal text
                return response
    status = 422 if form.errors else 200
    return render_template("postcards/write.html", card=card, form=form, result=result), status


def _job(prisoner: Prisoner, form: PostcardForm) -> PostcardJob:
    return PostcardJob(
        recipient=addressing.prisoner_address(prisoner),
        sender=addressing.sender_address(form.sender_name.data, form.sender_address.data),
        text=form.text.data,
    )
