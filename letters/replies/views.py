"""The coordinator's page for the reply address."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete

from letters import addressing
from letters.auth.access import role_required
from letters.auth.models import Role
from letters.database import utcnow
from letters.extensions import db
from letters.i18n import current_locale
from letters.pdf import PdfError
from letters.pdf.envelope import clean_address
from letters.replies.address import OrganisationAddress, current, lines_of
from letters.replies.forms import ReplyAddressForm
from letters.replies.models import ReplyAddress

bp = Blueprint("replies", __name__, url_prefix="/coordinate/replies")


@bp.before_request
@role_required(Role.COORDINATOR)
def _coordinators_only() -> None:
    """Every page here: coordinators only."""


def _stored() -> ReplyAddress | None:
    return db.session.scalars(db.select(ReplyAddress).order_by(ReplyAddress.id.desc())).first()


@bp.route("/address", methods=["GET", "POST"])
def address():
    """Set, change or remove the address replies go to."""
    stored = _stored()
    form = ReplyAddressForm(obj=stored)
    status = 200
    if form.validate_on_submit():
        cyrillic = lines_of(form.cyrillic.data)
        latin = lines_of(form.latin.data) or tuple(map(addressing.in_latin, cyrillic))
        candidate = OrganisationAddress(form.organisation.data, cyrillic, latin)
        try:  # printed on every reply envelope: refuse what the envelope font cannot draw
            clean_address(candidate.envelope_block())
        except PdfError as error:
            form.cyrillic.errors.append(error.message(current_locale()))
        else:
            row = stored or ReplyAddress()
            row.organisation = candidate.organisation
            row.cyrillic = "\n".join(cyrillic)
            row.latin = "\n".join(latin)
            row.updated_at = utcnow()
            row.updated_by_id = current_user.id
            db.session.add(row)
            db.session.commit()
            flash(_("The reply address is saved."))
            return redirect(url_for("replies.address"))
        status = 422
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "replies/address.html", form=form, stored=stored, in_force=current(db.session)
        ),
        status,
    )


@bp.post("/address/remove")
def remove_address():
    """Remove the address set here (``REPLY_ADDRESS``, when configured, applies again)."""
    db.session.execute(delete(ReplyAddress))
    db.session.commit()
    flash(_("The reply address set here is removed."))
    return redirect(url_for("replies.address"))
