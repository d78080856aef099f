"""queued letters keep why they were set aside from a batch, and a writer's Cyrillic name

Revision ID: 0003_issue11a_held_letters
Revises: 0003_issue14_organisations
Create Date: 2026-12-01 22:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0003_issue11a_held_letters"
down_revision = "0003_issue14_organisations"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("queued_letters", sa.Column("held_reason", sa.Text(), nullable=True))
    op.add_column(
        "queued_letters", sa.Column("sender_name_cyrillic", sa.String(length=200), nullable=True)
    )


def downgrade():
    # Not a batch operation: on SQLite that copies the table and drops the old one, and the
    # drop would cascade to letter_events. SQLite 3.35+ and PostgreSQL drop a column in place.
    op.execute("ALTER TABLE queued_letters DROP COLUMN sender_name_cyrillic")
    op.execute("ALTER TABLE queued_letters DROP COLUMN held_reason")
