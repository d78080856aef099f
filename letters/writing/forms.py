"""The letter form: everything a letter and its envelope need, nothing more."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from letters.addressing import latin_address, latin_country
from letters.directory.address import MSG_SENDER_COUNTRY
from letters.directory.transliteration import name_in_cyrillic
from letters.draft import REPLIES_ORGANISATION, REPLIES_OWN, Draft
from letters.forms import BaseForm, lazy_number
from letters.once import OnceField
from letters.pdf.layout import DEFAULT_ENVELOPE, ENVELOPES

MAX_LETTER_CHARS = 20_000

# How an A4 letter goes into each of the layout tables' envelopes (a new format needs one here).
FOLDS = {
    "C6": _l("A4 folded in four"),
    "DL": _l("A4 folded in three"),
    "C5": _l("A4 folded in half"),
    "C4": _l("A4 unfolded"),
}
# «C6, 114 × 162 mm (A4 folded in four)»: the size is the layout table's.
ENVELOPE_NAMES = {
    name: _l(
        "%(format)s, %(height)s × %(width)s mm (%(fold)s)",
        format=name,
        height=lazy_number(layout.height),
        width=lazy_number(layout.width),
        fold=FOLDS[name],
    )
    for name, layout in ENVELOPES.items()
}


class LetterForm(BaseForm):
    """A letter to one prisoner."""

    once = OnceField()  # queueing it twice (a double click) queues it once

    greeting = StringField(
        _l("Greeting (optional)"),
        validators=[Optional(), Length(max=200)],
        render_kw={"placeholder": "Здравствуйте, Сергей!", "lang": "ru"},
    )
    text = TextAreaField(
        _l("Your letter, in Russian"),
        validators=[
            DataRequired(_l("Write the letter first.")),
            Length(
                max=MAX_LETTER_CHARS, message=_l("A letter can have at most %(max)d characters.")
            ),
        ],
        keep_whitespace=True,
        render_kw={"lang": "ru", "rows": 14, "spellcheck": "true"},
    )
    signature = StringField(
        _l("Signature (optional)"),
        validators=[Optional(), Length(max=200)],
        render_kw={"placeholder": "Анна", "lang": "ru"},
    )
    sender_name = StringField(
        _l("Your name for the envelope (optional)"),
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    sender_name_cyrillic = StringField(
        _l("Your name in Cyrillic letters, for the letter page (optional)"),
        validators=[Optional(), Length(max=200)],
        render_kw={"lang": "ru"},
    )
    # Set once the Cyrillic name has been offered: a writer who clears it keeps the Latin name.
    cyrillic_offered = HiddenField()
    sender_address = TextAreaField(
        _l("Your return address (optional)"),
        validators=[Optional(), Length(max=400)],
        render_kw={"rows": 3, "autocomplete": "street-address"},
    )
    # Set once the Latin form of a Cyrillic return address from abroad has been offered.
    latin_offered = HiddenField()
    from_abroad = BooleanField(_l("I am sending from outside Russia"))
    sender_country = StringField(
        _l("Country you send from"),
        # No Optional(): it would stop the chain before validate_sender_country runs.
        validators=[Length(max=60)],
        render_kw={"autocomplete": "country-name", "placeholder": "GERMANY"},
    )
    envelope_format = SelectField(
        _l("Envelope"),
        choices=[SelectChoice(name, ENVELOPE_NAMES[name]) for name in ENVELOPES],
        default=DEFAULT_ENVELOPE,
    )
    paper = SelectField(
        _l("Paper"),
        choices=[SelectChoice("A4", "A4"), SelectChoice("LETTER", "US Letter")],
        default="A4",
    )
    reply_kit = BooleanField(
        _l("Add a reply kit: a blank sheet for the answer and an envelope addressed back to you")
    )
    # Offered when the deployment has a reply address (letters.replies); choices set per page.
    replies = RadioField(_l("Replies"), default=REPLIES_OWN)
    notify_email = EmailField(
        _l("Your e-mail for one notice when a reply arrives (optional)"),
        validators=[
            Optional(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("This is not an e-mail address.")),
        ],
        render_kw={"autocomplete": "email"},
    )

    def __init__(self, *args, reply_organisation: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reply_organisation = reply_organisation
        self.replies.choices = [SelectChoice(REPLIES_OWN, _l("To my address"))]
        if reply_organisation:
            self.replies.choices.append(
                SelectChoice(
                    REPLIES_ORGANISATION,
                    _l("Send replies through %(organisation)s", organisation=reply_organisation),
                )
            )
        if not self.replies.data:  # a page that does not offer the choice
            self.replies.data = REPLIES_OWN

    @property
    def replies_through_organisation(self) -> bool:
        return self.replies.data == REPLIES_ORGANISATION

    def validate_replies(self, field) -> None:
        # No address of the writer's in a letter that promises the organisation's: the choice
        # is made so that nothing in the letter leads to the writer.
        if self.replies_through_organisation and (self.sender_address.data or "").strip():
            raise ValidationError(
                _l(
                    "With replies through %(organisation)s your own address is not printed: "
                    "clear the return address box, or choose your address for replies.",
                    organisation=self.reply_organisation,
                )
            )

    def validate_notify_email(self, field) -> None:
        if field.data and not self.replies_through_organisation:
            raise ValidationError(
                _l("A notice is sent only for replies through the organisation: clear the e-mail.")
            )

    def validate_envelope_format(self, field) -> None:
        if field.data not in ENVELOPES:
            raise ValidationError(_l("Choose one of the envelope sizes."))

    def validate_sender_country(self, field) -> None:
        # Decided per letter from the address too: «Musterstraße 12, 10115 Berlin» is abroad
        # even with the box left empty, and then the envelope needs the country as well.
        sender = self.draft().sender
        if sender.abroad and not sender.country:
            raise ValidationError(_l(MSG_SENDER_COUNTRY))

    def validate_reply_kit(self, field) -> None:
        if not field.data or self.replies_through_organisation:
            return
        if not self.sender_address.data:
            raise ValidationError(
                _l("The reply envelope needs an address: fill in your return address.")
            )
        sender = self.draft().sender
        if not sender.abroad and not sender.postcode:
            raise ValidationError(
                _l("Add your six-digit postcode to the return address for the reply envelope.")
            )

    def greet(self, first_name: str) -> None:
        """Show the greeting's example with the recipient's own first name."""
        example = f"Здравствуйте, {first_name}!" if first_name else "Здравствуйте!"
        self.greeting.render_kw = {**(self.greeting.render_kw or {}), "placeholder": example}

    def offer_cyrillic_name(self) -> bool:
        """For a writer abroad with a Latin name: fill in a Cyrillic form of it for the letter
        page, once, for them to accept or edit (the envelope keeps the Latin name). True when
        it was offered just now."""
        name = self.sender_name.data or ""
        if self.sender_name_cyrillic.data or self.cyrillic_offered.data:
            return False
        if not re.search(r"[A-Za-z]", name) or not self.draft().sender.abroad:
            return False
        self.sender_name_cyrillic.data = name_in_cyrillic(name)
        self.cyrillic_offered.data = "1"
        return True

    def offer_latin_address(self) -> bool:
        """For a writer abroad whose return address is in Cyrillic letters, which the post of
        their country cannot read: put its Latin form in the box, once, for them to accept or
        correct (the envelope's block and the reply envelope use it). True when offered now."""
        sender = self.draft().sender
        if self.latin_offered.data or not sender.cyrillic_abroad:
            return False
        self.sender_address.data = latin_address(sender)
        if self.sender_country.data:
            self.sender_country.data = latin_country(self.sender_country.data)
        self.latin_offered.data = "1"
        return True

    def draft(self) -> Draft:
        """The form's letter."""
        return Draft.from_form(self)


class ReferenceForm(BaseForm):
    """Look up a queued letter by its reference code."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Reference code"),
        validators=[DataRequired(_l("Enter the code you were given."))],
        render_kw={"autocomplete": "off", "placeholder": "K7QM-4ZPA"},
    )
