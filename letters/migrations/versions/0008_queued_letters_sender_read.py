"""queued letters keep the writer's return address read: lines, postcode and country apart (issue 21)

Until now the queue kept the return address as typed (a writer abroad had the country appended as
its last line) and a file's one-line ``from`` was kept whole as the sender's name. Each is read
here once, by the directory's address parser (``letters.directory.address``), as every new
letter is: the address lines without captions, the Russian postcode and the country line.

Revision ID: 0008_queued_letters_sender_read
Revises: 0003_issue11c_service_pages
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008_queued_letters_sender_read"
down_revision = "0003_issue11c_service_pages"
branch_labels = None
depends_on = None

# The note of a letter's first event when it came from a file (letters.batches.queue).
IMPORTED_NOTE = "%imported from %"

letters = sa.table(
    "queued_letters",
    sa.column("id", sa.Integer),
    sa.column("sender_name", sa.String),
    sa.column("sender_address", sa.Text),
    sa.column("sender_postcode", sa.String),
    sa.column("sender_country", sa.String),
    sa.column("from_abroad", sa.Boolean),
)


def _read(name, address, abroad, imported):
    """The row's sender read as a new letter's is (the parser of this code base)."""
    from letters.directory.address import parse_sender, parse_sender_block

    if imported and not address and name and "," in name:
        # A file's one-line «Имя, адрес…» was kept whole as the name.
        return parse_sender_block(name, from_abroad=bool(abroad))
    sender = parse_sender(name, address, from_abroad=bool(abroad))
    lines = sender.lines
    if sender.problem and len(lines) > 1:
        # The web form appended the writer's country as the last line; a name the parser does
        # not know is the country all the same, as the writer typed it.
        return type(sender)(sender.name, lines[:-1], sender.postcode, lines[-1].upper(), True)
    return sender


def upgrade():
    with op.batch_alter_table("queued_letters") as batch:
        batch.add_column(sa.Column("sender_postcode", sa.String(length=6), nullable=True))
        batch.add_column(sa.Column("sender_country", sa.String(length=60), nullable=True))
    connection = op.get_bind()
    imported = {
        row.letter_id
        for row in connection.execute(
            sa.text("SELECT letter_id FROM letter_events WHERE note LIKE :note"),
            {"note": IMPORTED_NOTE},
        )
    }
    rows = connection.execute(
        sa.text(
            "SELECT id, sender_name, sender_address, from_abroad FROM queued_letters "
            "WHERE sender_name IS NOT NULL OR sender_address IS NOT NULL"
        )
    ).all()
    for row in rows:
        sender = _read(row.sender_name, row.sender_address, row.from_abroad, row.id in imported)
        connection.execute(
            letters.update()
            .where(letters.c.id == row.id)
            .values(
                sender_name=sender.name or None,
                sender_address="\n".join(sender.lines) or None,
                sender_postcode=sender.postcode or None,
                sender_country=sender.country or None,
                from_abroad=sender.abroad,
            )
        )


def downgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT id, sender_address, sender_postcode, sender_country FROM queued_letters "
            "WHERE sender_postcode IS NOT NULL OR sender_country IS NOT NULL"
        )
    ).all()
    for row in rows:
        parts = (row.sender_address, row.sender_postcode, row.sender_country)
        connection.execute(
            letters.update()
            .where(letters.c.id == row.id)
            .values(sender_address="\n".join(p for p in parts if p))
        )
    with op.batch_alter_table("queued_letters") as batch:
        batch.drop_column("sender_country")
        batch.drop_column("sender_postcode")
