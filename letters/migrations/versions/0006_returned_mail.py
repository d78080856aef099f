"""returned mail: the reason, the day and the facility a letter came back from

Revision ID: 0003_issue11b_returned_mail
Revises: 0003_issue11a_held_letters
Create Date: 2026-12-01 22:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003_issue11b_returned_mail"
down_revision = "0003_issue11a_held_letters"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("queued_letters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("returned_reason", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("returned_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("returned_facility_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_queued_letters_returned_facility_id"),
            ["returned_facility_id"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_queued_letters_returned_facility_id_facilities"),
            "facilities",
            ["returned_facility_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("queued_letters", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_queued_letters_returned_facility_id_facilities"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_queued_letters_returned_facility_id"))
        batch_op.drop_column("returned_facility_id")
        batch_op.drop_column("returned_on")
        batch_op.drop_column("returned_reason")
