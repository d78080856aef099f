"""reply scans (issue 25): the replies that come back to the reply address, matched to their
letters or waiting on a list to resolve; their pages' images, kept in the database in chunks
so that every app server serves them

Revision ID: 0016_reply_scans
Revises: 0015_translations
Create Date: 2026-12-07 06:10:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016_reply_scans"
down_revision = "0015_translations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "unmatched",
                "to_confirm",
                "delivered",
                "forgotten",
                name="reply_state",
                create_constraint=True,
                native_enum=False,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("prisoner_id", sa.Integer(), nullable=True),
        sa.Column("code_read", sa.String(length=14), nullable=True),
        sa.Column("received_via", sa.String(length=10), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("forgotten_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["users.id"],
            name=op.f("fk_replies_confirmed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["queued_letters.id"],
            name=op.f("fk_replies_letter_id_queued_letters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["prisoner_id"],
            ["prisoners.id"],
            name=op.f("fk_replies_prisoner_id_prisoners"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["received_by_id"],
            ["users.id"],
            name=op.f("fk_replies_received_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replies")),
        sa.UniqueConstraint("letter_id", name=op.f("uq_replies_letter_id")),
    )
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_replies_prisoner_id"), ["prisoner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_replies_state"), ["state"], unique=False)

    op.create_table(
        "reply_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=20), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["replies.id"],
            name=op.f("fk_reply_pages_reply_id_replies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_pages")),
        sa.UniqueConstraint("reply_id", "number", name=op.f("uq_reply_pages_reply_id_number")),
    )
    with op.batch_alter_table("reply_pages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reply_pages_reply_id"), ["reply_id"], unique=False)

    op.create_table(
        "reply_page_chunks",
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["reply_pages.id"],
            name=op.f("fk_reply_page_chunks_page_id_reply_pages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("page_id", "part", name=op.f("pk_reply_page_chunks")),
    )


def downgrade():
    op.drop_table("reply_page_chunks")
    with op.batch_alter_table("reply_pages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reply_pages_reply_id"))

    op.drop_table("reply_pages")
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_replies_state"))
        batch_op.drop_index(batch_op.f("ix_replies_prisoner_id"))

    op.drop_table("replies")
