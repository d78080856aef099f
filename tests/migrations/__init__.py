"""Testing a migration on data made before it: the project's rule for every migration.

``database_at(revision)`` (a fixture in ``tests/conftest.py``) gives an empty database of its
own, migrated up to ``revision`` only. The test fills it with plain SQL written for that
revision's schema (the models describe the newest one), reads what it holds, upgrades it to
head and checks that nothing is lost::

    old = database_at("84d43835844e")
    old.insert("users", [{"id": 1, "email": "vera@example.org", ...}])
    before = old.rows("users")
    old.upgrade()
    assert old.rows("users", columns=before.columns) == before.values

Runs on SQLite and on PostgreSQL (``scripts/test`` runs both).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from letters.database import head_revision
from letters.extensions import db


@dataclass
class Rows:
    """A table's rows (ordered by its first column), and the columns they hold."""

    columns: list[str]
    values: list[tuple]


class OldDatabase:
    """A database migrated up to an older revision, to fill with that revision's data."""

    def __init__(self, app: Flask, revision: str):
        self.app = app
        self.revision = revision
        with app.app_context():
            upgrade(revision=revision)
            assert self.current_revision() == revision

    def current_revision(self) -> str | None:
        """The revision the database is at (call inside the app's context)."""
        from alembic.runtime.migration import MigrationContext

        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def execute(self, sql: str, parameters: list[dict] | dict | None = None) -> None:
        """Run plain SQL (with ``:name`` parameters, one dict per row) in one transaction."""
        with self.app.app_context(), db.engine.begin() as connection:
            connection.execute(text(sql), parameters or {})

    def insert(self, table: str, rows: list[dict]) -> None:
        """INSERT rows (dicts with the same keys, ids included) into ``table``, in plain SQL.

        On PostgreSQL the table's id sequence is moved past the ids given, so that the app
        can add rows after the upgrade.
        """
        names = list(rows[0])
        columns = ", ".join(names)
        values = ", ".join(f":{name}" for name in names)
        self.execute(f"INSERT INTO {table} ({columns}) VALUES ({values})", rows)
        with self.app.app_context(), db.engine.begin() as connection:
            if connection.dialect.name == "postgresql" and "id" in names:
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT max(id) FROM {table}))")
                )  # fmt: skip

    def columns(self, table: str) -> list[str]:
        """The table's columns as the database has them now."""
        with self.app.app_context():
            return [column["name"] for column in inspect(db.engine).get_columns(table)]

    def rows(self, table: str, columns: list[str] | None = None) -> Rows:
        """Every row of ``table`` (those ``columns``, or all), ordered by the first column."""
        columns = columns or self.columns(table)
        listed = ", ".join(columns)
        with self.app.app_context(), db.engine.connect() as connection:
            values = connection.execute(
                text(f"SELECT {listed} FROM {table} ORDER BY {columns[0]}")
            ).all()
        return Rows(columns, [tuple(row) for row in values])

    def upgrade(self) -> None:
        """Upgrade to the newest revision (every migration after this one, in order)."""
        with self.app.app_context():
            upgrade()
            assert self.current_revision() == head_revision()
            db.session.remove()


def snapshot(tables: tuple[str, ...], leave_out: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of ``tables`` ordered by id, leaving out the columns an upgrade adds: what the
    upgrade must keep (inside an app context, on ``db.engine``)."""
    found = {}
    with db.engine.connect() as connection:
        for table in tables:
            every = [c["name"] for c in inspect(db.engine).get_columns(table)]
            columns = [name for name in every if name not in leave_out]
            query = f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"
            found[table] = [tuple(row) for row in connection.execute(text(query))]
    return found


def downgrade_holding_letters(app: Flask, revision: str) -> None:
    """Queue letters (two in a batch, one waiting, one with a return address), add a volunteer,
    then take the database down to ``revision``: the data an upgrade from there must keep.
    The directory is the test's own fixture."""
    from flask_migrate import downgrade

    from letters.auth.models import Role
    from letters.batches.claims import Selection, create_batch
    from tests.batches.conftest import queue_letters
    from tests.conftest import create_user

    create_user(app, "vera@example.org", Role.VOLUNTEER)
    with app.app_context():
        queue_letters(3, sender_name="Анна", sender_address="ул. Баумана, 1\n420111 Казань")
        create_batch(db.session, None, Selection(oldest=2))
        queue_letters(1)
        db.session.commit()
        db.session.remove()
        downgrade(revision=revision)


def upgrade_keeping(
    tables: tuple[str, ...],
    revision: str,
    *,
    leave_out: tuple[str, ...] = (),
    new_tables: frozenset[str] | set[str] = frozenset(),
) -> None:
    """Upgrade to ``revision`` and check that it keeps every row of ``tables`` (each filled
    first), the columns it adds (``leave_out``) aside, and that ``new_tables`` exist (inside an
    app context)."""
    before = snapshot(tables)
    assert all(before[table] for table in tables), "fill every table before upgrading"
    upgrade(revision=revision)
    assert snapshot(tables, leave_out=leave_out) == before
    assert set(inspect(db.engine).get_table_names()) >= set(new_tables)
