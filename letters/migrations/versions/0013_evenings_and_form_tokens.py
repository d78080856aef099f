"""an evening's place and closing time; one-time form tokens (issue 24)

Revision ID: 0013_evenings_and_form_tokens
Revises: 0012_read_on_apart_from_verified
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013_evenings_and_form_tokens"
down_revision = "0012_read_on_apart_from_verified"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("evenings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("place", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "form_tokens",
        sa.Column("token", sa.String(length=43), nullable=False),
        sa.Column("result", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_tokens")),
    )


def downgrade():
    op.drop_table("form_tokens")
    with op.batch_alter_table("evenings", schema=None) as batch_op:
        batch_op.drop_column("closed_at")
        batch_op.drop_column("place")
