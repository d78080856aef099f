"""Migration 0003 (issue 13) keeps every queued letter, batch, account and prisoner.

The database is taken back to the previous revision holding a queue, a claimed and a printed
batch, an account and the directory; upgrading again loses none of it, and the claimed batch
is then generated into the database.
"""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select, text

from letters.auth.models import Role, User
from letters.batches import generation, lifecycle, storage
from letters.batches.claims import Selection, create_batch
from letters.batches.models import Batch, BatchStatus, LetterEvent, QueuedLetter
from letters.database import head_revision
from letters.directory.models import Prisoner
from letters.extensions import db
from tests.batches.conftest import queue_letters
from tests.conftest import create_user

PREVIOUS = "84d43835844e"


def snapshot() -> dict:
    rows = {}
    for table in ("users", "prisoners", "facilities", "queued_letters", "batches", "letter_events"):
        rows[table] = db.session.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()
    return rows


def test_upgrade_from_the_previous_revision_keeps_everything(app, directory):
    create_user(app, "vera@example.org", Role.VOLUNTEER)
    with app.app_context():
        queue_letters(3)
        printed = create_batch(db.session, None, Selection(oldest=1))
        lifecycle.mark_printed(db.session, printed, None)
        printed_id = printed.id
        claimed_id = create_batch(db.session, None, Selection(oldest=1)).id
        queue_letters(1)
        db.session.commit()
        db.session.remove()

        downgrade(revision=PREVIOUS)
        columns = {c["name"] for c in inspect(db.engine).get_columns("batches")}
        assert "lease_owner" not in columns
        assert "batch_file_chunks" not in inspect(db.engine).get_table_names()
        before = snapshot()
        db.session.remove()

        upgrade()
        after = snapshot()
        for table, rows in before.items():
            # The old columns of every row are unchanged; batches gained four empty ones.
            assert [tuple(row)[: len(rows[0])] for row in after[table]] == [tuple(r) for r in rows]
        assert all(tuple(row)[len(before["batches"][0]) :] == (None,) * 4
                   for row in after["batches"])  # fmt: skip
        with db.engine.connect() as connection:
            from alembic.runtime.migration import MigrationContext

            assert MigrationContext.configure(connection).get_current_revision() == head_revision()
        assert db.session.scalar(select(func.count(QueuedLetter.id))) == 4
        assert db.session.scalar(select(func.count(LetterEvent.id))) >= 2
        assert db.session.get(Batch, printed_id).status is BatchStatus.PRINTED
        assert User.find_by_email("vera@example.org") is not None
        assert db.session.query(Prisoner).count() == 2

        assert generation.generate(app, claimed_id)
        assert storage.read(db.engine, claimed_id)[:2] == b"PK"
