"""evenings: a limit of participants' letters a day, and room for longer link codes (issue 22)

Revision ID: 0011_evening_limits_and_codes
Revises: 0010_forget_instance_batch_zips
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011_evening_limits_and_codes"
down_revision = "0010_forget_instance_batch_zips"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("evenings") as batch_op:
        # Evenings made before get the default limit; their six-character codes stay valid.
        batch_op.add_column(
            sa.Column("letter_limit", sa.Integer(), server_default="300", nullable=False)
        )
        batch_op.alter_column(
            "code", existing_type=sa.String(length=6), type_=sa.String(length=12),
            existing_nullable=False,
        )


def downgrade():
    with op.batch_alter_table("evenings") as batch_op:
        # PostgreSQL refuses while a longer code exists, rather than cut it.
        batch_op.alter_column(
            "code", existing_type=sa.String(length=12), type_=sa.String(length=6),
            existing_nullable=False,
        )
        batch_op.drop_column("letter_limit")
