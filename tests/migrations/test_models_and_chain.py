"""The migrations and the models describe the same schema, and the files read in chain order."""

from __future__ import annotations

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from letters.database import MIGRATIONS_DIR, head_revision
from letters.extensions import db

# Revision ids that deployed databases store, kept when the files were renamed after what they
# change. Every later file's revision id is its file stem.
STORED_IDS = {
    "0001_accounts_and_prisoner_directory": "d2413f3f5363",
    "0002_letter_queue_and_batches": "84d43835844e",
    "0003_batch_leases_and_stored_files": "0003_issue13_job_queue",
    "0004_directory_corrections_and_evenings": "0003_issue14_organisations",
    "0005_held_letters": "0003_issue11a_held_letters",
    "0006_returned_mail": "0003_issue11b_returned_mail",
    "0007_facility_service_pages": "0003_issue11c_service_pages",
}


def header(revision, field: str) -> str:
    """A field of the migration's docstring ("Revision ID", "Revises"), as written."""
    found = re.search(rf"^{field}: *(.*)$", revision.module.__doc__, re.MULTILINE)
    assert found, f"{revision.path} has no {field!r} line in its docstring"
    return found.group(1).strip()


def test_file_numbers_follow_the_chain():
    """A file's number is its place in the chain, its revision id is the one deployed databases
    store (or its stem), and its header names the revisions its code names."""
    chain = list(reversed(list(ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions())))
    for place, revision in enumerate(chain, start=1):
        stem = Path(revision.path).stem
        assert stem.startswith(f"{place:04d}_"), f"{stem} is number {place} in the chain"
        assert revision.revision == STORED_IDS.get(stem, stem), stem
        assert header(revision, "Revision ID") == revision.revision, stem
        assert header(revision, "Revises") == (revision.down_revision or ""), stem


def test_models_need_no_new_migration(app):
    """Fails when a model changed without `letters db migrate` writing a migration for it."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, db.metadata) == []


def test_foreign_keys_are_enforced(app):
    """SQLite ignores foreign keys unless told; a prisoner in a missing facility must fail."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from letters.directory.models import Prisoner

    with app.app_context():
        db.session.add(
            Prisoner(
                surname="Иванов",
                first_name="Иван",
                dative_name="Иванову Ивану",
                identity_key="иванов иван|",
                facility_id=999,
            )
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
