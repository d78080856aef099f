"""forget the batch zips earlier versions kept in the instance folder

Revision ID: 0010_forget_instance_batch_zips
Revises: 0009_staff_accounts
Create Date: 2026-12-07 04:00:00

Before batch files were stored in the database (0003_batch_leases_and_stored_files), each zip
was written to ``batches/`` in the app's instance folder. Those files hold letter texts that
purging no longer finds, so the upgrade deletes them, once (earlier, every start did). Nothing
in the schema changes; the downgrade restores nothing (the database holds every batch's file).
"""
import shutil
from pathlib import Path

from alembic import context
from flask import current_app


# revision identifiers, used by Alembic.
revision = "0010_forget_instance_batch_zips"
down_revision = "0009_staff_accounts"
branch_labels = None
depends_on = None


def upgrade():
    if context.is_offline_mode():  # `letters db upgrade --sql` only writes SQL
        return
    legacy = Path(current_app.instance_path) / "batches"
    if legacy.is_dir():
        shutil.rmtree(legacy, ignore_errors=True)


def downgrade():
    pass
