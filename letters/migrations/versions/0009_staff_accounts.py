"""staff accounts in the browser (issue 24): the translator role (a CHECK on users.role),
one-time set-password links (only their digests) and the audit list of account changes

Revision ID: 0009_staff_accounts
Revises: 0008_queued_letters_sender_read
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009_staff_accounts"
down_revision = "0008_queued_letters_sender_read"
branch_labels = None
depends_on = None

ROLES = ("volunteer", "coordinator", "translator")


def upgrade():
    # The column was a plain VARCHAR(20): it takes "translator" as it is; the CHECK keeps a
    # mistyped role out from now on. Batch mode: SQLite adds a CHECK by copying the table.
    with op.batch_alter_table("users") as batch:
        batch.create_check_constraint("role", sa.column("role").in_(ROLES))
    op.create_table(
        "set_password_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_set_password_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_password_links")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_set_password_links_token_digest")),
    )
    op.create_index(
        op.f("ix_set_password_links_user_id"), "set_password_links", ["user_id"], unique=False
    )
    op.create_table(
        "account_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column(
            "action",
            sa.Enum(
                "created",
                "deactivated",
                "reactivated",
                "password_changed",
                "link_issued",
                "password_set_by_link",
                name="accountaction",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("detail", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_account_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["users.id"],
            name=op.f("fk_account_events_subject_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_events")),
    )
    op.create_index(op.f("ix_account_events_at"), "account_events", ["at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_account_events_at"), table_name="account_events")
    op.drop_table("account_events")
    op.drop_index(op.f("ix_set_password_links_user_id"), table_name="set_password_links")
    op.drop_table("set_password_links")
    # A translator's account cannot exist before this revision: it goes with its role.
    op.execute("DELETE FROM users WHERE role = 'translator'")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
