"""replies per letter: a prisoner may answer one letter more than once, so a letter's replies
are no longer unique; reply pages are looked up by their picture's digest (the same picture
uploaded twice is refused)

Revision ID: 0017_replies_per_letter
Revises: 0016_reply_scans
Create Date: 2026-12-07 13:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0017_replies_per_letter"
down_revision = "0016_reply_scans"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_replies_letter_id"), type_="unique")
        batch_op.create_index(batch_op.f("ix_replies_letter_id"), ["letter_id"], unique=False)
    with op.batch_alter_table("reply_pages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reply_pages_sha256"), ["sha256"], unique=False)


def downgrade():
    # The revision before allows one reply a letter: a letter's later replies go back on the
    # volunteers' list to resolve, with their code, rather than being deleted.
    op.execute(
        """
        UPDATE replies
        SET code_read = (SELECT reply_code FROM queued_letters WHERE id = replies.letter_id),
            state = 'unmatched', letter_id = NULL, prisoner_id = NULL
        WHERE letter_id IS NOT NULL
          AND id > (SELECT min(earlier.id) FROM replies AS earlier
                    WHERE earlier.letter_id = replies.letter_id)
        """
    )
    with op.batch_alter_table("reply_pages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reply_pages_sha256"))
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_replies_letter_id"))
        batch_op.create_unique_constraint(batch_op.f("uq_replies_letter_id"), ["letter_id"])
