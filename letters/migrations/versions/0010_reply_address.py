"""the reply address set in the browser (issue 25): the organisation and its postal address
in Cyrillic and Latin letters

Revision ID: 0010_reply_address
Revises: 0009_staff_accounts
Create Date: 2026-12-07 04:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010_reply_address"
down_revision = "0009_staff_accounts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reply_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=120), nullable=False),
        sa.Column("cyrillic", sa.Text(), nullable=False),
        sa.Column("latin", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_reply_addresses_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_addresses")),
    )


def downgrade():
    op.drop_table("reply_addresses")
