"""The database: model base class, SQLite settings, and the start-up schema check."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase

from letters.config import ConfigurationError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# Stable constraint names, so that Alembic can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Primary keys are INTEGER columns (32 bits on PostgreSQL): a larger id names nothing, and is
# answered as "not found" (URLs) or refused in one line (CLI) before it reaches the database.
MAX_ID = 2**31 - 1


def parse_id(value: object) -> int | None:
    """An id from text: ASCII digits naming a possible row, else None.

    ``str.isdigit`` accepts "²" and other digits that ``int`` refuses or reads differently.
    """
    if not isinstance(value, str) or not (value.isascii() and value.isdecimal()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Timezone-aware now, for column defaults."""
    return datetime.now(UTC)


# How long an SQLite writer waits for another to finish before the request is answered 503.
BUSY_TIMEOUT_MS = 10_000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite does not enforce foreign keys unless asked to, per connection."""
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers go on while a batch is being claimed; busy_timeout makes writers wait
        # for each other instead of failing at once.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # Deleted content is overwritten with zeros: a purged letter leaves no bytes behind.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


def redacted(url: str) -> str:
    """The database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparsable URL>"


def head_revision() -> str:
    """The newest migration this code knows."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def check_schema(engine: Engine) -> None:
    """Raise ConfigurationError, in one line, unless the database is reachable and current."""
    from alembic.runtime.migration import MigrationContext

    url = redacted(str(engine.url.render_as_string(hide_password=False)))
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise ConfigurationError(f"cannot open the database {url}: {reason}") from exc
    head = head_revision()
    if current != head:
        state = "empty" if current is None else f"at revision {current}"
        raise ConfigurationError(
            f"the database {url} is {state} but this version needs revision {head}: "
            "run `letters db upgrade`"
        )
