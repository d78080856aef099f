"""Write a postcard: the same language check and address as a letter, printed as an A6 card.

The page works like the letter page: the check runs live as the writer types (``write.js``) or
when the form is sent, "Use the corrected text" takes the checker's correction, and "Show the
postcard" pictures both sides from the very PDF the writer downloads.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template, request
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
from letters.pdf.layout import POSTCARD_SHEET
from letters.pdf.postcards import PostcardJob, render_postcards_pdf
from letters.pdf.text import remove_unprintable
from letters.postcards.forms import MAX_GREETING, PostcardForm
from letters.writing.compose import DRAFT_DAYS
from letters.writing.preview import data_url, pdf_page_png

bp = Blueprint("postcards", __name__)


def _crop(position: int) -> tuple[float, float, float, float]:
    """The card at ``position`` of the sheet, as fractions of the page (left, top, right,
    bottom): what the preview shows of each side."""
    sheet, box = POSTCARD_SHEET, POSTCARD_SHEET.card_box(position)
    return (
        box.x / sheet.page_width,
        (sheet.page_height - box.top) / sheet.page_height,
        box.right / sheet.page_width,
        (sheet.page_height - box.y) / sheet.page_height,
    )


# The one postcard: its address side is the first card of the sheet's front; its greeting is
# behind it, the same row's other end on the back (the sheet flips on its short edge).
_PREVIEW_CARDS = ((0, _crop(0)), (1, _crop(POSTCARD_SHEET.columns - 1)))


@bp.route("/prisoners/<int:prisoner_id>/postcard", methods=["GET", "POST"])
def postcard(prisoner_id: int):
    """The postcard form; a checked greeting is shown or downloads as a PDF (nothing stored)."""
    prisoner = db.session.get(Prisoner, prisoner_id) or abort(404)
    card = card_for(prisoner)
    if not card.can_post:
        abort(404)
    form = PostcardForm()
    result = previews = None
    removed = ""
    action = request.form.get("action", "download")
    if action == "accept_fixes" and form.is_submitted() and form.text.data:
        # Without JavaScript: take the checker's corrected text, then check it again.
        form.text.data = check(form.text.data, current_locale()).fixed_text
        action = "check"
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
        elif action != "check":
            try:
                pdf = render_postcards_pdf([_job(prisoner, form)])
            except NoPostalAddress:
                abort(409)
            except PdfError as error:
                sender = getattr(error, "block", None) == BLOCK_SENDER
                field = form.sender_address if sender else form.text
                field.errors.append(error.message(current_locale()))
            else:
                if action == "preview":
                    previews = [
                        data_url(pdf_page_png(pdf, page, crop=crop))
                        for page, crop in _PREVIEW_CARDS
                    ]
                else:
                    return _download(pdf)
    status = 422 if form.errors else 200
    return render_template(
        "postcards/write.html",
        card=card,
        form=form,
        result=result,
        previews=previews,
        removed=removed,
        draft_days=DRAFT_DAYS,
        max_greeting=MAX_GREETING,
    ), status


def _download(pdf: bytes):
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="postcard.pdf"'
    response.headers["Cache-Control"] = "no-store"  # personal text
    return response


def _job(prisoner: Prisoner, form: PostcardForm) -> PostcardJob:
    draft = Draft.from_form(form)
    return PostcardJob(
        recipient=addressing.prisoner_address(prisoner),
        sender=draft.sender_block(),
        text=draft.text,
        from_abroad=draft.sender.abroad,
    )
