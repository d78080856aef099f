"""The migrations and the models describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from letters.database import head_revision
from letters.extensions import db


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
