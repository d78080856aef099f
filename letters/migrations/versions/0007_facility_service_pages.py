"""a facility's own page on an e-letter service, recorded by a coordinator (issue 17)

Revision ID: 0003_issue11c_service_pages
Revises: 0003_issue11b_returned_mail
Create Date: 2026-12-02 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003_issue11c_service_pages"
down_revision = "0003_issue11b_returned_mail"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "facility_service_pages",
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facilities.id"],
            name=op.f("fk_facility_service_pages_facility_id_facilities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("facility_id", "service", name=op.f("pk_facility_service_pages")),
    )


def downgrade():
    op.drop_table("facility_service_pages")
