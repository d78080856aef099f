"""replies (issue 25): the reply address set in the browser (the organisation, its postal
address in Cyrillic and Latin letters); a queued letter's choice of where replies go, its
reply code and the e-mail for the notice

Revision ID: 0014_replies
Revises: 0013_evenings_and_form_tokens
Create Date: 2026-12-07 04:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014_replies"
down_revision = "0013_evenings_and_form_tokens"
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
    # Every letter queued so far gave its own address (or none) for replies.
    with op.batch_alter_table("queued_letters") as batch:
        batch.add_column(
            sa.Column("replies", sa.String(length=12), nullable=False, server_default="own")
        )
        batch.add_column(sa.Column("reply_code", sa.String(length=14), nullable=True))
        batch.add_column(sa.Column("notify_email", sa.String(length=254), nullable=True))
        batch.create_unique_constraint(op.f("uq_queued_letters_reply_code"), ["reply_code"])


def downgrade():
    with op.batch_alter_table("queued_letters") as batch:
        batch.drop_constraint(op.f("uq_queued_letters_reply_code"), type_="unique")
        batch.drop_column("notify_email")
        batch.drop_column("reply_code")
        batch.drop_column("replies")
    op.drop_table("reply_addresses")
