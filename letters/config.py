"""Configuration: safe defaults, overridden by ``LETTERS_*`` environment variables.

Every setting can be given as an environment variable with the ``LETTERS_`` prefix
(``LETTERS_DATABASE_URL``, ``LETTERS_SECRET_KEY``, ``LETTERS_DEFAULT_LOCALE`` …); values that
parse as JSON (numbers, booleans) are read as such by Flask's ``from_prefixed_env``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit


class ConfigurationError(Exception):
    """The app cannot start as configured; the message says what to change, in one line."""


DEFAULTS: dict[str, object] = {
    # None means "an SQLite file in the instance folder", resolved in apply_defaults.
    "DATABASE_URL": None,
    "SECRET_KEY": None,
    "DEFAULT_LOCALE": "ru",
    "LOCALES": ["ru", "en"],
    # An address not verified for this many days is shown as stale.
    "STALE_AFTER_DAYS": 90,
    # Writer's name, return address and letter text are purged this long after posting.
    "RETENTION_DAYS": 30,
    # How passwords are hashed (Werkzeug's method string). Tests use a cheap one; the hash
    # names its method, so accounts hashed either way keep logging in.
    "PASSWORD_HASH_METHOD": "scrypt",
    # Days a letter takes to arrive, for the birthday-card deadlines (from abroad: about 60).
    "POSTING_DAYS_DOMESTIC": 14,
    "POSTING_DAYS_ABROAD": 60,
    # Where reply envelopes go when the writer gives no address of their own: an organisation
    # that forwards replies, as lines ("Name", "street", "town", "postcode"); empty: none.
    "REPLY_ADDRESS": [],
    # Russian Post's dated tariff for the batch cover sheet's postage estimate: a TOML file like
    # letters/batches/data/postage.toml (None: that bundled file).
    "POSTAGE_TARIFF_FILE": None,
    # Log-in attempts per client address; storage must be shared (e.g. redis://) across servers.
    # Own-password changes (each checks the old password) have the same limit of their own.
    "LOGIN_RATE_LIMIT": "10 per minute",
    # A set-password link (a coordinator makes one for a colleague who forgot theirs) works once,
    # for this many hours.
    "SET_PASSWORD_LINK_HOURS": 48,
    # Opening set-password links and making them, per client address (guessing must stay slow).
    "SET_PASSWORD_RATE_LIMIT": "20 per hour",
    # Outgoing mail (letters.mail): smtp://host:25, smtp+starttls://user:password@host:587 or
    # smtps://user:password@host:465; None: nothing is mailed (links are shown to pass on).
    "SMTP_URL": None,
    # The sender of that mail; needed when SMTP_URL is set.
    "MAIL_FROM": None,
    # None: LETTERS_REDIS_URL when set (shared by every server), else memory://.
    "RATELIMIT_STORAGE_URI": None,
    # The job queue's Redis (letters.jobs); None: a SQLite queue in the instance folder.
    "REDIS_URL": None,
    # Run each job at once where it is sent, not on a worker (tests).
    "JOBS_IMMEDIATE": False,
    # A worker renders a batch under a lease this long, renewed while it works: a worker that
    # dies is replaced this long after its last renewal.
    "JOB_LEASE_SECONDS": 60,
    # A translator's claim on a letter lasts this many hours; then the letter goes back to its
    # language's queue for another translator.
    "TRANSLATION_LEASE_HOURS": 48,
    # Inaccuracy reports per client address (no account is needed to send one).
    "REPORT_RATE_LIMIT": "5 per hour",
    # Reference-code look-ups per client (a code is short: guessing must stay slow).
    "LOOKUP_RATE_LIMIT": "30 per minute",
    # Unauthenticated JSON endpoints (the live check, the address parser) per client.
    "API_RATE_LIMIT": "120 per minute",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # A draft may take hours to write: the CSRF token lives as long as the session.
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # hide_parameters: a database error must not write letters, names or addresses to the log.
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
    # Behind a reverse proxy that sets X-Forwarded-Proto, trust this many proxies.
    "PROXY_COUNT": 0,
}

SECRET_KEY_FILE = "secret_key"


def apply_defaults(config: dict, instance_path: str) -> None:
    """Fill in settings that depend on the instance folder: database file and secret key."""
    instance = Path(instance_path)
    try:
        instance.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"cannot create the instance folder {instance}: {exc.strerror}; "
            "set LETTERS_INSTANCE_PATH to a writable folder"
        ) from exc
    if not os.access(instance, os.W_OK):
        raise ConfigurationError(
            f"the instance folder {instance} is not writable; "
            "set LETTERS_INSTANCE_PATH to a writable folder"
        )
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = f"sqlite:///{instance / 'letters.sqlite3'}"
    config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"]
    redis_url = config.get("REDIS_URL")
    if redis_url and urlsplit(redis_url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigurationError(
            "LETTERS_REDIS_URL must start with redis://, rediss:// or unix:// "
            f"(it starts with {urlsplit(redis_url).scheme or 'no scheme'}); "
            "use redis://host:6379/0"
        )
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = config.get("REDIS_URL") or "memory://"
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret_key(instance / SECRET_KEY_FILE)


def _instance_secret_key(path: Path) -> str:
    """Read the instance's secret key, creating it (readable by the owner only) on first start."""
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(48)
    # O_EXCL: when several workers start at once, only one writes; the others read its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
