"""The writer's private link to a letter's reply: the only key that opens it.

A reply is a prisoner's handwriting, so the reference code (short, meant to be typed, printed
on nothing but known to whoever the writer told) does not open it, and neither does the reply
code (printed in the letter: the prisoner and the censor read it). The link carries the reply
code and an HMAC-SHA-256 of it under the app's ``SECRET_KEY``: nobody without the key can make
one, the database holds nothing that opens it, and the app can make it again for the notice of
a reply. It travels in the query string, which the app's logs leave out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app, url_for

_PURPOSE = b"letters reply link\x00"


def _mac(reply_code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, _PURPOSE + reply_code.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def link_token(reply_code: str) -> str:
    """The private link's token for the letter with ``reply_code`` (256 bits of HMAC)."""
    return f"{reply_code.replace('-', '')}.{_mac(reply_code)}"


def reply_code_of(token: str) -> str | None:
    """The reply code a token opens, or None when it is not one the app made."""
    raw, dot, mac = token.partition(".")
    if not dot or len(token) > 100 or not raw.isalnum() or not raw.isascii():
        return None  # the HMAC below is what decides; this keeps junk from reaching it
    code = "-".join(raw[start : start + 4] for start in range(0, len(raw), 4)).upper()
    return code if hmac.compare_digest(mac.encode(), _mac(code).encode()) else None


def reply_link(letter) -> str | None:
    """The private link to a queued letter's reply (replies through the organisation only)."""
    if not letter.reply_code:
        return None
    return url_for("writing.reply", t=link_token(letter.reply_code), _external=True)
