"""What every page that takes a letter checks before it goes out: the form, the language, and
that both envelopes can be printed. The writer's page and the evening's page share it, so a
participant at an evening is told exactly what a writer at home is."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from limits import parse

from letters.batches.queue import with_reply_code
from letters.directory.models import Prisoner
from letters.extensions import db
from letters.i18n import current_locale
from letters.language import REJECT, check
from letters.pdf import Address, PdfError
from letters.pdf.errors import ADDRESS_PART_NAMES, BLOCK_SENDER, UnprintableAddress
from letters.ratelimits import client, first_over
from letters.replies import address as replies
from letters.writing import compose
from letters.writing.forms import LetterForm

# The counters of letters queued from the writer's page (letters.ratelimits).
CLIENT_SCOPE = "queue-client"
PRISONER_SCOPE = "queue-prisoner"
# The form field holding each part of the writer's envelope block (the rest: the address).
_WRITER_FIELDS = {
    ADDRESS_PART_NAMES["name_lines"]: "sender_name",
    ADDRESS_PART_NAMES["country"]: "sender_country",
}


def organisation_reply_address() -> Address | None:
    """The reply envelope's block for the organisation's address, when there is one (set by a
    coordinator, else ``REPLY_ADDRESS``)."""
    return replies.current_block(db.session)


def letter_form() -> LetterForm:
    """The letter form, offering replies through the organisation when there is a reply address."""
    address = replies.current(db.session)
    return LetterForm(reply_organisation=address.organisation if address else None)


def checked(form: LetterForm):
    """Validate the form and check the letter; the result, and whether it may go out."""
    if not form.validate_on_submit():
        return None, False
    result = check(form.text.data, current_locale())
    if result.verdict == REJECT:
        form.text.errors.append(
            _("This letter would not pass the prison censor. Change what the check marks.")
        )
        return result, False
    return result, True


def envelopes_refused(prisoner: Prisoner, form: LetterForm) -> bool:
    """Whether the letter's envelopes cannot be printed; if so, the reason is on the field to
    correct, and everything typed stays in the form."""
    try:
        # Laid out with a reply code of the real shape (the queue gives the letter its own).
        draft = with_reply_code(form.draft())
        compose.check_envelopes(prisoner, draft, organisation_reply_address())
    except PdfError as exc:
        field = form.text
        if getattr(exc, "block", None) == BLOCK_SENDER and hasattr(exc, "part"):
            field = getattr(form, _WRITER_FIELDS.get(exc.part, "sender_address"), None)
        elif getattr(exc, "block", None) == BLOCK_SENDER:
            field = form.sender_address
        if field is None:  # a page without that field (the evening's) shows it here
            field = form.sender_address
        message = exc.message(current_locale())
        if isinstance(exc, UnprintableAddress) and exc.block != BLOCK_SENDER:
            # The directory's address, not the writer's: only a coordinator can correct it.
            message += " " + _(
                "This address comes from the directory: please tell the coordinators with "
                "“Report an inaccuracy” on the prisoner's page."
            )
        field.errors.append(message)
        return True
    return False


def queue_refused(prisoner: Prisoner, form: LetterForm) -> bool:
    """Whether this letter would take the client or the prisoner past the day's limit of
    queued letters (``QUEUE_CLIENT_LIMIT``, ``QUEUE_PRISONER_LIMIT``); if so, the form says why
    and keeps everything typed. Counted in the shared store, so every server sees each letter."""
    config = current_app.config
    over = first_over(
        [
            (config["QUEUE_CLIENT_LIMIT"], CLIENT_SCOPE, client()),
            (config["QUEUE_PRISONER_LIMIT"], PRISONER_SCOPE, str(prisoner.id)),
        ]
    )
    if over is None:
        return False
    if over == 0:
        message = _(
            "The volunteers take at most %(limit)s letters a day from one connection, and this "
            "one has reached it. Your letter is kept here and in this browser: print it "
            "yourself, or ask the volunteers again tomorrow.",
            limit=parse(config["QUEUE_CLIENT_LIMIT"]).amount,
        )
    else:
        message = _(
            "%(name)s has been sent as many letters through the volunteers today as they can "
            "print for one person. Your letter is kept here and in this browser: print it "
            "yourself, or ask the volunteers again tomorrow.",
            name=prisoner.full_name,
        )
    form.text.errors.append(message)
    return True
