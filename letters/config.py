"""Configuration: safe defaults, overridden by ``LETTERS_*`` environment variables.

Every setting can be given as an environment variable with the ``LETTERS_`` prefix
(``LETTERS_DATABASE_URL``, ``LETTERS_SECRET_KEY``, ``LETTERS_DEFAULT_LOCALE`` …); values that
parse as JSON (numbers, booleans) are read as such by Flask's ``from_prefixed_env``.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse as parse_limit


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
    # The e-mail a writer gives for the notice of a reply through the organisation is deleted
    # this long after posting (a reply seldom takes longer); the reply code stays.
    "REPLY_WAIT_DAYS": 180,
    # A reply's pages are deleted this long after its writer first opened it, and at the latest
    # REPLY_KEEP_DAYS after it arrived (unopened, unmatched or unconfirmed ones too).
    "REPLY_RETENTION_DAYS": 30,
    "REPLY_KEEP_DAYS": 180,
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
    # None: LETTERS_REDIS_URL when set (shared by every server), else a SQLite file in the
    # instance folder that every process on this machine shares (letters.ratelimits).
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
    # Letters the writer's page queues for the volunteers, per client address and per prisoner:
    # far above what a writer sends (one to a few), low enough that nobody floods the queue.
    # Writers behind one address (Tor, a mobile network) share the first; printing at home is
    # never limited.
    "QUEUE_CLIENT_LIMIT": "30 per day",
    "QUEUE_PRISONER_LIMIT": "100 per day",
    # Evening pages (/e/<code>…) per client: a room of participants shares one address, so
    # only a scraper reaches the first; codes that name no evening (guesses) are held to the
    # second.
    "EVENING_LINK_RATE_LIMIT": "600 per minute",
    "EVENING_GUESS_RATE_LIMIT": "10 per minute",
    # The live check on an evening's write pages, for the whole room: each browser in it may
    # check API_RATE_LIMIT times, as a writer alone may (a room shares one address).
    "EVENING_CHECK_RATE_LIMIT": "1200 per minute",
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
DATABASE_FILE = "letters.sqlite3"
RATELIMIT_FILE = "ratelimits.sqlite3"
# SQLite keeps a database's recent changes beside it, in files that hold letters too.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

log = logging.getLogger(__name__)


def _tighten(path: Path, mode: int) -> None:
    """Take away what group and others may do with ``path``, saying so once."""
    current = stat.S_IMODE(path.stat().st_mode)
    if not current & 0o077:
        return
    try:
        path.chmod(mode)
    except OSError as exc:  # another user's file: say so, and let the app start
        log.warning("%s is open to other users (%o): %s", path, current, exc.strerror)
        return
    log.warning("%s was open to other users (%o); now %o", path, current, mode)


def private_file(path: Path) -> None:
    """Make ``path`` readable by the owner only: created empty (mode 0600) when missing, so that
    SQLite, which gives its companion files the database's mode, never makes one readable by
    others; tightened when it exists, with its companions."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError as exc:
        raise ConfigurationError(
            f"cannot create {path}: {exc.strerror}; set LETTERS_INSTANCE_PATH to a writable folder"
        ) from exc
    for candidate in (path, *(path.with_name(path.name + end) for end in SQLITE_COMPANIONS)):
        if candidate.exists():
            _tighten(candidate, 0o600)


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite database URL (None for other databases and in-memory ones)."""
    if not url.startswith("sqlite:///") or url in ("sqlite:///", "sqlite:///:memory:"):
        return None
    return Path(url.removeprefix("sqlite:///").split("?", 1)[0])


def apply_defaults(config: dict, instance_path: str) -> None:
    """Fill in settings that depend on the instance folder: database file and secret key."""
    instance = Path(instance_path)
    try:
        # Letters, the secret key and rate-limit counters live here: the owner's alone.
        instance.mkdir(mode=0o700, parents=True, exist_ok=True)
        _tighten(instance, 0o700)
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
        config["DATABASE_URL"] = f"sqlite:///{instance / DATABASE_FILE}"
    config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"]
    database_file = sqlite_file(config["DATABASE_URL"])
    if database_file is not None and database_file.parent.is_dir():
        private_file(database_file)
    redis_url = config.get("REDIS_URL")
    if redis_url and urlsplit(redis_url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigurationError(
            "LETTERS_REDIS_URL must start with redis://, rediss:// or unix:// "
            f"(it starts with {urlsplit(redis_url).scheme or 'no scheme'}); "
            "use redis://host:6379/0"
        )
    if not config.get("RATELIMIT_STORAGE_URI"):
        # Not memory://: each gunicorn worker would count alone, multiplying every limit.
        config["RATELIMIT_STORAGE_URI"] = (
            config.get("REDIS_URL") or f"sqlite:///{instance / RATELIMIT_FILE}"
        )
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret_key(instance / SECRET_KEY_FILE)


def check_kinds(config: dict) -> None:
    """Refuse, in one line, a setting of the wrong kind. Environment values arrive as text, read
    as JSON where they can be: a number of days given as "30d" would break the hourly purge
    (letters never forgotten), a rate limit Flask-Limiter cannot read is skipped without a word
    (no limit at all), and a reply address given as one string would print a character a line."""
    for key, default in DEFAULTS.items():
        value = config.get(key)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigurationError(f"LETTERS_{key} must be true or false (it is {value!r})")
        elif isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigurationError(
                    f"LETTERS_{key} must be a whole number, 0 or more (it is {value!r})"
                )
        elif isinstance(default, list):
            # A plain string would be read one character a line.
            if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                raise ConfigurationError(
                    f"LETTERS_{key} must be a JSON list of texts, like "
                    f'\'["ОВД-Инфо", "а/я 15", "101000 Москва"]\' (it is {value!r})'
                )
        elif isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigurationError(f"LETTERS_{key} must be a JSON object (it is {value!r})")
        elif isinstance(default, str) and key.endswith("_LIMIT"):
            try:
                parse_limit(value)
            except (TypeError, ValueError):
                raise ConfigurationError(
                    f"LETTERS_{key} must be a rate such as {default!r} (it is {value!r})"
                ) from None


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
