"""volunteer translators (issue 26): a queued letter's translation into Russian, the languages
each translator reads, whether a second translator reviews each translation, and room in the
account audit list for those languages

Revision ID: 0015_translations
Revises: 0014_replies
Create Date: 2026-12-07 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0015_translations"
down_revision = "0014_replies"
branch_labels = None
depends_on = None

STATES = ("waiting", "claimed", "in_review", "translated", "returned")
AFTER = ("post", "writer")


def upgrade():
    op.create_table(
        "translator_languages",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_translator_languages_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "language", name=op.f("pk_translator_languages")),
    )
    op.create_index(
        op.f("ix_translator_languages_language"),
        "translator_languages",
        ["language"],
        unique=False,
    )
    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.Column(
            "after",
            sa.Enum(*AFTER, name="after_translation", native_enum=False, length=20,
                    create_constraint=True),
            nullable=False,
        ),
        sa.Column("original_text", sa.Text(), nullable=True),
        sa.Column("original_greeting", sa.String(length=200), nullable=True),
        sa.Column("original_signature", sa.String(length=200), nullable=True),
        sa.Column(
            "state",
            sa.Enum(*STATES, name="translation_state", native_enum=False, length=20,
                    create_constraint=True),
            nullable=False,
        ),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("greeting", sa.String(length=200), nullable=True),
        sa.Column("signature", sa.String(length=200), nullable=True),
        sa.Column("translated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("translated_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("return_note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["queued_letters.id"],
            name=op.f("fk_translations_letter_id_queued_letters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_id"],
            ["users.id"],
            name=op.f("fk_translations_claimed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["translated_by_id"],
            ["users.id"],
            name=op.f("fk_translations_translated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["users.id"],
            name=op.f("fk_translations_reviewed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translations")),
        sa.UniqueConstraint("letter_id", name=op.f("uq_translations_letter_id")),
    )
    op.create_index(
        op.f("ix_translations_requested_at"), "translations", ["requested_at"], unique=False
    )
    op.create_table(
        "translation_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_required", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_settings")),
    )
    # The audit list names the languages a coordinator set (up to a dozen codes).
    with op.batch_alter_table("account_events") as batch:
        batch.alter_column(
            "detail", existing_type=sa.String(length=40), type_=sa.String(length=200)
        )


def downgrade():
    with op.batch_alter_table("account_events") as batch:
        batch.alter_column(
            "detail", existing_type=sa.String(length=200), type_=sa.String(length=40)
        )
    op.drop_table("translation_settings")
    op.drop_index(op.f("ix_translations_requested_at"), table_name="translations")
    op.drop_table("translations")
    op.drop_index(op.f("ix_translator_languages_language"), table_name="translator_languages")
    op.drop_table("translator_languages")
