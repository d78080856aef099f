"""Log-in, password and account forms."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from letters.auth.models import Role
from letters.auth.passwords import password_problem
from letters.forms import BaseForm
from letters.language import LANGUAGE_NAMES
from letters.once import OnceField


class LoginForm(BaseForm):
    """E-mail and password of a volunteer or coordinator."""

    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
        # A password is kept exactly as typed (the CLI and the password forms do the same).
        keep_whitespace=True,
    )
    submit = SubmitField(_l("Log in"))


ROLE_LABELS = {
    Role.VOLUNTEER: _l("volunteer"),
    Role.COORDINATOR: _l("coordinator"),
    Role.TRANSLATOR: _l("translator"),
}


class NewPasswordMixin:
    """A new password, typed twice, checked against the password rules."""

    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password."))],
        render_kw={"autocomplete": "new-password"},
        keep_whitespace=True,
    )
    repeat_password = PasswordField(
        _l("The new password again"),
        validators=[
            DataRequired(_l("Type the new password again.")),
            EqualTo("new_password", _l("The two new passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
        keep_whitespace=True,
    )

    def check_new_password(self, email: str) -> bool:
        """Add the password rules' objection to the field; True when there is none."""
        problem = password_problem(self.new_password.data or "", email)
        if problem is not None:
            self.new_password.errors.append(problem)
        return problem is None


class ChangePasswordForm(NewPasswordMixin, BaseForm):
    """Someone's own password, changed with the old one."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
        keep_whitespace=True,
    )
    submit = SubmitField(_l("Change the password"))


class SetPasswordForm(NewPasswordMixin, BaseForm):
    """A new password, chosen through a set-password link."""

    submit = SubmitField(_l("Save the password"))


class NewAccountForm(BaseForm):
    """A coordinator's new colleague: e-mail and role (they choose their password by link)."""

    once = OnceField()  # the account is made once, however often the form is sent

    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("This is not an e-mail address.")),
        ],
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[InputRequired()],
    )
    submit = SubmitField(_l("Create the account"))


def language_names(codes: list[str]) -> str:
    """The languages' names in the page's language, in alphabetical order, joined for a
    sentence."""
    names = (_(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code for code in codes)
    return ", ".join(sorted(names))


class LanguagesForm(BaseForm):
    """The languages a translator translates from (none: no letters reach them)."""

    languages = SelectMultipleField(
        _l("Translates from"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Save the languages"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every language the check names, by name in the page's language.
        choices = ((code, _(name)) for code, name in LANGUAGE_NAMES.items())
        self.languages.choices = sorted(choices, key=lambda choice: choice[1])
