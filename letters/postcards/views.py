"""Write a postcard: the same language check and address as a letter, printed as an A6 card."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template
from flask_babel import gettext as _

from letters import addressing
from letters.addressing import NoPostalAddress
from letters.directory.models import Prisoner
from letters.directory.pages import card_for
from letters.draft import Draft
from letters.extensions import db
from letters.i18n import current_locale
from letters.language import check
from letters.pdf import PdfError
from letters.pdf.errors import BLOCK_SENDER, describe
from letters.pdf.fonts import LETTER_FONTS
from letters.pdf.postcards import PostcardJob, render_postcards_pdf
from letters.pdf.text import remove_unprintable
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
    removed = ""
    if form.validate_on_submit():
        result = check(form.text.data, current_locale())
        if result.verdict == "reject":
            form.text.errors.append(
                _("This letter would not pass the prison censor. Change what is marked below.")
            )
        elif gone := remove_unprintable(form.text.data, LETTER_FONTS)[1]:
            # The letters' rule: what the font lacks is left out, and the writer sees it first.
            form.text.data = remove_unprintable(form.text.data, LETTER_FONTS)[0]
            removed = describe(gone)
        else:
            try:
                pdf = render_postcards_pdf([_job(prisoner, form)])
            except NoPostalAddress:
                abort(409)
            except PdfError as error:
                sender = getattr(error, "block", None) == BLOCK_SENDER
                field = form.sender_address if sender else form.text
                field.errors.append(error.message(current_locale()))
            else:
                response = make_response(pdf)
                response.headers["Content-Type"] = "application/pdf"
                response.headers["Content-Disposition"] = 'attachment; filename="postcard.pdf"'
                response.headers["Cache-Control"] = "no-store"  # personal text
                return response
    status = 422 if form.errors else 200
    return render_template(
        "postcards/write.html", card=card, form=form, result=result, removed=removed
    ), status


def _job(prisoner: Prisoner, form: PostcardForm) -> PostcardJob:
    draft = Draft.from_form(form)
    return PostcardJob(
        recipient=addressing.prisoner_address(prisoner),
        sender=draft.sender_block(),
        text=draft.text,
        from_abroad=draft.sender.abroad,
    )
