"""The postcard form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from letters.forms import BaseForm

# A postcard holds a short greeting; the PDF code checks that it really fits.
MAX_GREETING = 700


class PostcardForm(BaseForm):
    """The greeting and, optionally, who sends it."""

    text = TextAreaField(
        _l("Your greeting, in Russian"),
        validators=[
            DataRequired(_l("Write a few words.")),
            Length(
                max=MAX_GREETING,
                message=_l("A postcard holds at most %(max)d characters.", max=MAX_GREETING),
            ),
        ],
        render_kw={"rows": 6, "lang": "ru"},
        keep_whitespace=True,
    )
    sender_name = StringField(_l("Your name (optional)"), validators=[Length(max=200)])
    sender_address = TextAreaField(
        _l("Your return address (optional)"), validators=[Length(max=400)], render_kw={"rows": 3}
    )
    submit = SubmitField(_l("Download the postcard (PDF)"))
