"""What stays behind after the purge: a returned letter's note, a handled report's note and an
evening's name are forgotten on the letters' schedule, in the rows and in the database's pages,
and PostgreSQL's write-ahead log lets go of purged rows at the end of the purge."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from letters.batches import lifecycle
from letters.batches.claims import Selection, create_batch
from letters.batches.models import LetterEvent, LetterStatus
from letters.batches.queue import enqueue
from letters.batches.retention import purge
from letters.batches.returns import record_return
from letters.directory.models import Prisoner
from letters.evenings.models import Evening
from letters.extensions import db
from letters.i18n import stored_message
from letters.jobs import jobs
from letters.reports.models import InaccuracyReport, ReportKind
from letters.writing.compose import Draft
from tests.conftest import load_sample_directory
from tests.security.leftovers import in_database_files, in_tables

# Words found nowhere else: the volunteer's note on a return, a reporter's e-mail, an evening.
RETURN_MARKER = "Зябликовская"
REPORT_MARKER = "ksenofontova.zyablik@example.org"
EVENING_MARKER = "Вечер у Ксенофонтовых"
OLD = 31  # days ago: past the default retention of 30


def _ago(days: int) -> date:
    return date.today() - timedelta(days=days)


def _posted_long_ago() -> None:
    """Every queued letter in a batch, its files made, printed and posted ``OLD`` days ago."""
    batch = create_batch(db.session, None, Selection())
    jobs().request(batch.id)  # tests run jobs where they are sent
    db.session.refresh(batch)
    lifecycle.mark_printed(db.session, batch, None)
    lifecycle.mark_posted(db.session, batch, None, on=_ago(OLD))


@pytest.fixture
def leftovers(app):
    """A returned letter with a note, reports and evenings, old and recent; their ids."""
    ids = load_sample_directory(app)
    with app.app_context():
        mironov = db.session.get(Prisoner, ids["Миронов"])
        letter = enqueue(db.session, mironov, Draft(text="Здравствуйте! У нас выпал снег."))
        _posted_long_ago()
        record_return(db.session, letter, None, "other", note=f"штамп «{RETURN_MARKER}»")
        handled_long_ago = InaccuracyReport(
            prisoner=mironov, kind=ReportKind.OTHER, note=f"пишите {REPORT_MARKER}",
            handled_at=datetime.now(UTC) - timedelta(days=OLD),
        )  # fmt: skip
        handled_yesterday = InaccuracyReport(
            prisoner=mironov, kind=ReportKind.OTHER, note="адрес устарел",
            handled_at=datetime.now(UTC) - timedelta(days=1),
        )  # fmt: skip
        still_open = InaccuracyReport(prisoner=mironov, kind=ReportKind.OTHER, note="переведён")
        past = Evening(name=EVENING_MARKER, held_on=_ago(OLD))
        coming = Evening(name="Вечер в библиотеке", held_on=_ago(-3))
        db.session.add_all([handled_long_ago, handled_yesterday, still_open, past, coming])
        db.session.commit()
        return {"letter": letter.id, "reports": [handled_long_ago.id, handled_yesterday.id,
                still_open.id], "evenings": [past.id, coming.id]}  # fmt: skip


MARKERS = [RETURN_MARKER, REPORT_MARKER, EVENING_MARKER]


def test_notes_and_names_are_forgotten_with_the_letters(app, runner, leftovers):
    with app.app_context():
        assert in_tables(db.engine, MARKERS) == {
            "evenings": [EVENING_MARKER],
            "inaccuracy_reports": [REPORT_MARKER],
            "letter_events": [RETURN_MARKER],
        }
        before = in_database_files(db.engine, MARKERS)
        assert before is None or set().union(*before.values()) == set(MARKERS)
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and result.output == "Purged 1 letters.\n", result.output
    with app.app_context():
        # Gone from the rows and from the database's own pages …
        assert in_tables(db.engine, MARKERS) == {}
        assert in_database_files(db.engine, MARKERS) in ({}, None)
        # … and what is needed stays: the reason stamped on the return, in either language.
        event = db.session.scalar(
            select(LetterEvent).where(
                LetterEvent.letter_id == leftovers["letter"],
                LetterEvent.status == LetterStatus.RETURNED,
            )
        )
        with app.test_request_context(headers={"Accept-Language": "en"}):
            shown = stored_message(event.note)
        assert shown == "returned: Another reason (write what is stamped on it)"
        notes = [db.session.get(InaccuracyReport, i).note for i in leftovers["reports"]]
        assert notes == [None, "адрес устарел", "переведён"]
        names = [db.session.get(Evening, i).name for i in leftovers["evenings"]]
        assert names == [_ago(OLD).isoformat(), "Вечер в библиотеке"]
    # A second purge finds nothing more to do.
    assert runner.invoke(args=["purge"]).output == "Purged 0 letters.\n"


def _wal_holds(connection, marker: str) -> list[str]:
    folder = Path(connection.execute(text("SHOW data_directory")).scalar()) / "pg_wal"
    return [p.name for p in folder.iterdir() if p.is_file() and marker.encode() in p.read_bytes()]


def test_postgresql_write_ahead_log_lets_go_of_purged_letters(app, runner):
    """With wal_recycle off (README), the purge's switch and checkpoint remove the segments."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL's write-ahead log")
    marker = "Зяблик" + "".join(secrets.choice("абвгдежзиклмнопрстуфхцчшщ") for _ in range(12))
    ids = load_sample_directory(app)
    with app.app_context(), db.engine.connect() as admin:
        admin = admin.execution_options(isolation_level="AUTOCOMMIT")
        folder = Path(admin.execute(text("SHOW data_directory")).scalar()) / "pg_wal"
        if not folder.is_dir() or not _readable(folder):
            pytest.skip("the server's pg_wal cannot be read from here")
        admin.execute(text("ALTER SYSTEM SET wal_recycle = off"))
        admin.execute(text("SELECT pg_reload_conf()"))
        try:
            mironov = db.session.get(Prisoner, ids["Миронов"])
            enqueue(db.session, mironov, Draft(text=f"Здравствуйте! Пишу из {marker}."))
            _posted_long_ago()
            assert _wal_holds(admin, marker)  # the scan sees it before
            assert runner.invoke(args=["purge"]).output == "Purged 1 letters.\n"
            assert _wal_holds(admin, marker) == []
        finally:
            admin.execute(text("ALTER SYSTEM RESET wal_recycle"))
            admin.execute(text("SELECT pg_reload_conf()"))


def _readable(folder: Path) -> bool:
    try:
        next(folder.iterdir(), None)
    except PermissionError:
        return False
    return True


def test_a_role_that_may_not_checkpoint_still_purges_and_says_so(make_app, database_url, caplog):
    """The usual deployment: the app's role owns its tables but is no superuser."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's privileges")
    role = f"letters_app_{secrets.token_hex(4)}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'ALTER TABLE "{table}" OWNER TO {role}'))
    try:
        url = make_url(database_url).set(username=role).render_as_string(hide_password=False)
        app = make_app(DATABASE_URL=url)
        ids = load_sample_directory(app)
        with app.app_context():
            mironov = db.session.get(Prisoner, ids["Миронов"])
            enqueue(db.session, mironov, Draft(text="Здравствуйте! У нас выпал снег."))
            _posted_long_ago()
            with caplog.at_level(logging.WARNING, logger="letters.batches.retention"):
                assert purge(db.session, retention_days=30) == 1
            assert "pg_switch_wal() is not permitted to this database role" in caplog.text
            assert "kept old row versions" not in caplog.text  # VACUUM FULL ran, as the owner
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"REASSIGN OWNED BY {role} TO CURRENT_USER"))
            connection.execute(text(f"DROP ROLE {role}"))
        admin.dispose()
