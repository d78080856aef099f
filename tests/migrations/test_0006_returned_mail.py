"""Migration 0006_returned_mail on a database holding data made at the previous
revision: accounts, the directory, queued letters, a posted batch and its history survive."""

from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from letters.auth.models import Role, User
from letters.batches.models import Batch, LetterStatus, QueuedLetter
from letters.batches.returns import record_return
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner
from letters.extensions import db
from tests.conftest import create_user

PREVIOUS = "0003_issue11a_held_letters"


def test_upgrade_keeps_letters_batches_accounts_and_directory(app):
    create_user(app, "vera@example.org", Role.VOLUNTEER)
    with app.app_context():
        # The directory is imported at head (later revisions add columns to it) and taken down.
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date(2026, 11, 1))
        mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        user_id = db.session.query(User).one().id
        prisoner_id, facility_id = mironov.id, mironov.facility_id
        db.session.commit()
        db.session.remove()
        downgrade(revision=PREVIOUS)
        with db.engine.begin() as connection:  # the letter tables as they were at PREVIOUS
            connection.execute(text(
                "INSERT INTO batches (id, created_by_id, created_at, status, envelope_format,"
                " start_label, duplex, progress) VALUES (1, :u, :t, 'posted', 'DL', 1, false, 2)"
            ), {"u": user_id, "t": "2026-11-20 10:00:00+00:00"})  # fmt: skip
            letters = [("AAAA-2222", "posted"), ("BBBB-3333", "queued")]
            for n, (reference, status) in enumerate(letters, start=1):
                connection.execute(text(
                    "INSERT INTO queued_letters (id, reference, prisoner_id, queued_facility_id,"
                    " text, from_abroad, envelope_format, reply_kit, letter_date, status,"
                    " batch_id, created_at, posted_on) VALUES (:id, :ref, :p, :f, :text, false,"
                    " 'DL', false, :d, :status, :b, :t, :posted)"
                ), {"id": n, "ref": reference, "p": prisoner_id, "f": facility_id,
                    "text": "Здравствуйте!", "d": "2026-11-19", "status": status,
                    "b": 1 if status == "posted" else None, "t": "2026-11-19 09:00:00+00:00",
                    "posted": "2026-11-20" if status == "posted" else None})  # fmt: skip
            connection.execute(text(
                "INSERT INTO letter_events (letter_id, batch_id, status, at, user_id, note)"
                " VALUES (1, 1, 'posted', :t, :u, 'posted 2026-11-20')"
            ), {"t": "2026-11-20 10:00:00+00:00", "u": user_id})  # fmt: skip

        upgrade()

        letters = db.session.query(QueuedLetter).order_by(QueuedLetter.id).all()
        assert [(x.reference, x.status) for x in letters] == [
            ("AAAA-2222", LetterStatus.POSTED), ("BBBB-3333", LetterStatus.QUEUED)
        ]  # fmt: skip
        assert all(x.returned_reason is None and x.returned_on is None for x in letters)
        assert letters[0].text == "Здравствуйте!" and letters[0].events[0].note.startswith("posted")
        assert db.session.get(Batch, 1).envelope_format == "DL"
        assert db.session.query(User).one().email == "vera@example.org"
        assert db.session.get(Prisoner, prisoner_id).facility_id == facility_id
        # The new columns work on the upgraded data.
        record_return(db.session, letters[0], None, "moved")
        assert db.session.get(QueuedLetter, 1).returned_facility_id == facility_id
