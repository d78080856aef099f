"""The coordinators' import form: a file or pasted text, previewed before anything is written."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectChoice, SelectField, SubmitField, TextAreaField

from letters.forms import BaseForm

FORMAT_CHOICES = [
    SelectChoice("", _l("By the file's extension (pasted text: a published page)")),
    SelectChoice("csv", "CSV"),
    SelectChoice("json", _l("JSON (an array or JSON Lines)")),
    SelectChoice("page", _l("A published prisoner page")),
]


class ImportForm(BaseForm):
    """Upload a file or paste its text; then preview, then apply."""

    upload = FileField(_l("File"))
    text = TextAreaField(
        _l("Or paste the text"), render_kw={"rows": 10, "lang": "ru"}, keep_whitespace=True
    )
    fmt = SelectField(_l("Format"), choices=FORMAT_CHOICES, default="")
    preview = SubmitField(_l("Preview the changes"))
    apply = SubmitField(_l("Apply all the changes"))
