"""The coordinator's form for the reply address, and the volunteers' forms for replies."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from letters.directory.address import MSG_SENDER_COUNTRY
from letters.forms import BaseForm
from letters.once import OnceField
from letters.replies.address import OrganisationAddress, lines_of

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _block(text: str | None) -> None:
    if len(lines_of(text)) < 2:
        raise ValidationError(
            _l("Write the recipient on the first line and the address on the lines below it.")
        )


class ReplyAddressForm(BaseForm):
    """The organisation and its postal address in Cyrillic and Latin letters."""

    organisation = StringField(
        _l("Organisation, as writers see it"),
        validators=[DataRequired(_l("Name the organisation.")), Length(max=120)],
        render_kw={"placeholder": "ОВД-Инфо"},
    )
    cyrillic = TextAreaField(
        _l("Postal address in Cyrillic letters"),
        validators=[DataRequired(_l("Write the address.")), Length(max=400)],
        render_kw={"rows": 4, "lang": "ru", "placeholder": "АНО «Письма»\nа/я 15\n101000 Москва"},
    )
    latin = TextAreaField(
        _l("The same address in Latin letters (empty: made from the Cyrillic one)"),
        validators=[Optional(), Length(max=400)],
        render_kw={"rows": 4},
    )
    save = SubmitField(_l("Save the reply address"))

    def validate_cyrillic(self, field) -> None:
        _block(field.data)
        sender = OrganisationAddress("", lines_of(field.data), ()).sender()
        if sender.problem:
            raise ValidationError(_l(MSG_SENDER_COUNTRY))
        if not sender.abroad and not sender.postcode:
            raise ValidationError(
                _l("Add the six-digit postcode: the reply envelope prints it in its boxes.")
            )

    def validate_latin(self, field) -> None:
        _block(field.data)
        if _CYRILLIC.search(field.data):
            raise ValidationError(_l("Write this form in Latin letters only."))


_CODE_HINT = _l("12 letters and digits, as printed on the reply sheet: K7QM-4ZPA-H3XT")


class ReplyUploadForm(BaseForm):
    """The scans or photos of one reply, and its code when the QR code cannot be read."""

    # Flask-WTF's field: only parts that are files with a name (a browser's "no file chosen" is
    # a nameless empty part; a text field of that name is no file).
    files = MultipleFileField(
        _l("Scans or photos of the reply's pages (JPEG, PNG or PDF)"),
        render_kw={"accept": "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"},
    )
    code = StringField(
        _l("Reply code, if the app cannot read the QR code (optional)"),
        validators=[Optional(), Length(max=40)],
        description=_CODE_HINT,
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    once = OnceField()  # a reply is stored once, however often the form is sent
    upload = SubmitField(_l("Upload the reply"))


class ResolveForm(BaseForm):
    """The code a volunteer read on a reply the app could not match."""

    code = StringField(
        _l("Reply code"),
        validators=[DataRequired(_l("Type the reply code.")), Length(max=40)],
        description=_CODE_HINT,
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    resolve = SubmitField(_l("Match to this code"))
