"""queued letters keep why they were set aside from a batch

Revision ID: 0003_issue11a_held_letters
Revises: 84d43835844e
Create Date: 2026-12-01 22:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0003_issue11a_held_letters"
down_revision = "84d43835844e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("queued_letters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("queued_letters", schema=None) as batch_op:
        batch_op.drop_column("held_reason")
