"""Outgoing e-mail through the SMTP server named by ``LETTERS_SMTP_URL``, when there is one.

Plain text only, sent at once (a set-password link is wanted now). Mail is optional: callers
ask ``mail_configured()`` and show what they would have sent otherwise.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from flask import current_app
from flask_babel import force_locale

from letters.config import ConfigurationError

# scheme → (implicit TLS, STARTTLS, default port)
SCHEMES = {
    "smtp": (False, False, 25),
    "smtp+starttls": (False, True, 587),
    "smtps": (True, False, 465),
}
TIMEOUT_SECONDS = 20


def check_settings(config: dict) -> None:
    """Refuse, in one line, an SMTP URL the mail module cannot use."""
    smtp_url = config.get("SMTP_URL")
    if not smtp_url:
        return
    parts = urlsplit(smtp_url)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # not a number, or out of range
        port_ok = False
    if parts.scheme not in SCHEMES or not parts.hostname or not port_ok:
        raise ConfigurationError(
            "LETTERS_SMTP_URL must look like smtp://host:25, "
            "smtp+starttls://user:password@host:587 or smtps://user:password@host:465"
        )
    if "@" not in (config.get("MAIL_FROM") or ""):
        raise ConfigurationError(
            "LETTERS_MAIL_FROM must be an e-mail address when LETTERS_SMTP_URL is set"
        )


# Between the Russian and the English of a message.
MESSAGE_PARTS = "\n\n---\n\n"


def in_russian_and_english(words: Callable[[], str], between: str) -> str:
    """``words()`` said in Russian and in English, joined by ``between``: the app does not know
    the language of whom it mails (a colleague, a writer)."""
    said = []
    for locale in ("ru", "en"):
        with force_locale(locale):
            said.append(words())
    return between.join(said)


class MailError(Exception):
    """The message could not be handed to the SMTP server (the reason is in the cause)."""


def mail_configured() -> bool:
    """True when the app can send e-mail."""
    return bool(current_app.config.get("SMTP_URL"))


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message to ``to``; MailError when the server cannot be reached or
    refuses it."""
    parts = urlsplit(current_app.config["SMTP_URL"])
    implicit_tls, starttls, default_port = SCHEMES[parts.scheme]
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=current_app.config["MAIL_FROM"].rpartition("@")[2])
    message.set_content(body)
    smtp_class = smtplib.SMTP_SSL if implicit_tls else smtplib.SMTP
    options = {"context": ssl.create_default_context()} if implicit_tls else {}
    try:
        with smtp_class(
            parts.hostname, parts.port or default_port, timeout=TIMEOUT_SECONDS, **options
        ) as server:
            if starttls:
                server.starttls(context=ssl.create_default_context())
            if parts.username:
                server.login(unquote(parts.username), unquote(parts.password or ""))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(type(error).__name__) from error
