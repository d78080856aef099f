"""an address read from an undated page is kept apart from a confirmed one (issue 23)

Until now, importing a published page (which gives no date) stamped ``verified_on`` and the
history with the day of import. This adds ``prisoners.read_on``, lets a history entry have no
date, and turns those import stamps into what they are: the day the page was read.

An import stamp is told apart by the import history: a ``verified_on`` no coordinator set by
hand (it is not in ``hand_edited``) that is the day the record was last written, or the day a
history entry with that same date was recorded; and a history entry dated the very day it was
recorded, of a record whose place no coordinator ever set by hand. A dated record's own date
(a JSON or CSV ``verified_on``) is earlier than the day it was imported and stays. One that
was dated the day of its import cannot be told apart: it becomes a reading of that day, which
says less, never more, than was known.

Revision ID: 0012_read_on_apart_from_verified
Revises: 0011_evening_limits_and_codes
Create Date: 2026-12-07 04:00:00

"""

from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0012_read_on_apart_from_verified"
down_revision = "0011_evening_limits_and_codes"
branch_labels = None
depends_on = None

_LOCATION = {"facility_id", "status", "address_presumed", "verified_on"}


def _day(value) -> date | None:
    """A date from what the driver gives back (SQLite returns text)."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return datetime.fromisoformat(str(value)[:10]).date()


def _hand_edited(value) -> set[str]:
    import json

    if isinstance(value, str):
        value = json.loads(value or "[]")
    return set(value or [])


def upgrade():
    op.add_column("prisoners", sa.Column("read_on", sa.Date(), nullable=True))
    with op.batch_alter_table("facility_changes", schema=None) as batch_op:
        batch_op.alter_column("changed_on", existing_type=sa.Date(), nullable=True)

    connection = op.get_bind()
    prisoners = connection.execute(
        sa.text("SELECT id, verified_on, updated_at, hand_edited FROM prisoners")
    ).all()
    changes: dict[int, list[tuple[int, date | None, date | None]]] = {}
    for change_id, prisoner_id, changed_on, recorded_at in connection.execute(
        sa.text("SELECT id, prisoner_id, changed_on, recorded_at FROM facility_changes")
    ):
        changes.setdefault(prisoner_id, []).append(
            (change_id, _day(changed_on), _day(recorded_at))
        )
    for prisoner_id, verified_on, updated_at, hand_edited in prisoners:
        verified_on, hand = _day(verified_on), _hand_edited(hand_edited)
        history = changes.get(prisoner_id, [])
        stamped_days = {changed for _id, changed, recorded in history if changed == recorded}
        if (
            verified_on is not None
            and "verified_on" not in hand
            and (verified_on == _day(updated_at) or verified_on in stamped_days)
        ):
            connection.execute(
                sa.text("UPDATE prisoners SET read_on = :day, verified_on = NULL WHERE id = :id"),
                {"day": verified_on, "id": prisoner_id},
            )
        if hand & _LOCATION:
            continue  # a coordinator dated some of these entries: keep every date
        stamped = [change_id for change_id, changed, recorded in history if changed == recorded]
        if stamped:
            connection.execute(
                sa.text("UPDATE facility_changes SET changed_on = NULL WHERE id = :id"),
                [{"id": change_id} for change_id in stamped],
            )


def downgrade():
    # A reading goes back to being stored as a check, and an unknown date to the day recorded:
    # the old schema has no other place for them.
    connection = op.get_bind()
    connection.execute(
        sa.text(
            "UPDATE prisoners SET verified_on = read_on WHERE read_on IS NOT NULL "
            "AND (verified_on IS NULL OR verified_on < read_on)"
        )
    )
    for change_id, recorded_at in connection.execute(
        sa.text("SELECT id, recorded_at FROM facility_changes WHERE changed_on IS NULL")
    ).all():
        connection.execute(
            sa.text("UPDATE facility_changes SET changed_on = :day WHERE id = :id"),
            {"day": _day(recorded_at), "id": change_id},
        )
    with op.batch_alter_table("facility_changes", schema=None) as batch_op:
        batch_op.alter_column("changed_on", existing_type=sa.Date(), nullable=False)
    op.execute("ALTER TABLE prisoners DROP COLUMN read_on")
