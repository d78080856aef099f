"""The translators' forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from letters.forms import BaseForm
from letters.writing.forms import MAX_LETTER_CHARS


class ClaimForm(BaseForm):
    """Take the oldest waiting letter of a language, or one named letter."""

    language = HiddenField()
    translation_id = HiddenField()


class TranslationForm(BaseForm):
    """The letter in Russian: text, greeting and signature."""

    greeting = StringField(
        _l("Greeting, in Russian (optional)"),
        validators=[Optional(), Length(max=200)],
        render_kw={"lang": "ru"},
    )
    text = TextAreaField(
        _l("The letter, in Russian"),
        validators=[
            DataRequired(_l("Write the translation.")),
            Length(
                max=MAX_LETTER_CHARS, message=_l("A letter can have at most %(max)d characters.")
            ),
        ],
        render_kw={"rows": 16, "lang": "ru"},
        keep_whitespace=True,
    )
    signature = StringField(
        _l("Signature, in Russian (optional)"),
        validators=[Optional(), Length(max=200)],
        render_kw={"lang": "ru"},
    )
    submit = SubmitField(_l("Send the translation"))


class ReviewForm(BaseForm):
    """A reviewer's verdict: approve, or return with a note saying what to change."""

    note = TextAreaField(
        _l("What to change (when you return it)"),
        validators=[Optional(), Length(max=500)],
        render_kw={"rows": 4},
    )


class ReviewSettingForm(BaseForm):
    """A coordinator's choice: does a second translator review each translation?"""

    review_required = BooleanField(_l("A second translator reviews each translation"))
    submit = SubmitField(_l("Save"))
