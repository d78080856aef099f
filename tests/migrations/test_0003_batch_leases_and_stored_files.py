"""Migration 0003_batch_leases_and_stored_files keeps every letter, batch, account, prisoner.

A database at the previous revision is filled, in plain SQL for that revision's schema, with
the directory, accounts, a queue and batches in every state (one "ready" batch whose zip was in
an app server's instance folder); upgraded to head it has lost nothing, the new columns say
"nothing stored, nobody generating, no attempt yet", and its batches can be generated.
"""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

from letters.batches import generation, storage
from letters.batches.models import Batch, BatchStatus
from letters.extensions import db
from letters.jobs import jobs

PREVIOUS = "84d43835844e"
WHEN = "2026-11-02 10:00:00"
TEXT = "Здравствуйте! Пишу Вам из Казани. У нас выпал первый снег."


def fill(old) -> None:
    old.insert("users", [
        {"id": 1, "email": "vera@example.org", "password_hash": generate_password_hash("pw-vera"),
         "role": "volunteer", "active": True, "created_at": WHEN},
        {"id": 2, "email": "kim@example.org", "password_hash": generate_password_hash("pw-kim"),
         "role": "coordinator", "active": True, "created_at": WHEN},
    ])  # fmt: skip
    old.insert("facilities", [
        {"id": 1, "kind": "sizo", "name": "ФКУ СИЗО-1 УФСИН России по Республике Татарстан",
         "name_key": "фку сизо-1 уфсин россии по республике татарстан",
         "region": "Республика Татарстан", "postcode": "420021", "district": None,
         "locality": "г. Казань", "street": "ул. Япеева", "house": "1", "building": None,
         "name_en": None, "address_en": None, "services": "[]", "created_at": WHEN,
         "updated_at": WHEN},
    ])  # fmt: skip
    old.insert("prisoners", [
        {"id": 1, "surname": "Миронов", "first_name": "Павел", "patronymic": "Игоревич",
         "dative_name": "Миронову Павлу Игоревичу", "name_latin": "Mironov Pavel",
         "gender": "m", "birth_year": 1990, "birth_date": None, "status": "remand",
         "facility_id": 1, "address_presumed": False, "verified_on": "2026-10-01",
         "source_url": None, "services": "[]", "summary": "Физик.", "interests": None,
         "needs_review": None, "search_key": "миронов павел игоревич",
         "identity_key": "миронов|павел|игоревич|1990", "created_at": WHEN, "updated_at": WHEN},
    ])  # fmt: skip
    old.insert("facility_changes", [
        {"id": 1, "prisoner_id": 1, "facility_id": 1, "status": "remand",
         "changed_on": "2026-10-01", "note": None, "recorded_at": WHEN},
    ])  # fmt: skip
    # 1 claimed, 2 ready (its zip was in one server's instance folder), 3 printed, 4 cancelled.
    old.insert("batches", [
        {"id": number, "created_by_id": 1, "created_at": WHEN, "status": status,
         "envelope_format": "C6", "start_label": 1, "duplex": False, "progress": progress,
         "generated_at": generated}
        for number, status, progress, generated in [
            (1, "claimed", 0, None), (2, "ready", 1, WHEN), (3, "printed", 1, WHEN),
            (4, "cancelled", 0, None)]
    ])  # fmt: skip
    letters = [(1, "queued", None), (2, "in_batch", 1), (3, "in_batch", 1), (4, "in_batch", 2),
               (5, "printed", 3), (6, "queued", None)]  # fmt: skip
    old.insert("queued_letters", [
        {"id": number, "reference": f"AAAA-{number:04d}", "prisoner_id": 1,
         "queued_facility_id": 1, "address_text": None, "text": TEXT, "greeting": None,
         "signature": "Вера", "sender_name": "Вера Петрова", "sender_address": None,
         "from_abroad": False, "envelope_format": "C6", "reply_kit": False,
         "letter_date": "2026-11-01", "status": status, "batch_id": batch,
         "batch_position": number if batch else None, "tracking_number": None,
         "created_at": WHEN, "posted_on": None, "purged_at": None}
        for number, status, batch in letters
    ])  # fmt: skip
    old.insert("letter_events", [
        {"id": number, "letter_id": number, "batch_id": batch, "status": status, "at": WHEN,
         "user_id": 1, "note": None}
        for number, status, batch in letters
    ])  # fmt: skip


TABLES = ("users", "facilities", "prisoners", "facility_changes", "batches", "queued_letters",
          "letter_events")  # fmt: skip


def test_upgrade_from_the_previous_revision_keeps_everything(database_at):
    old = database_at(PREVIOUS)
    fill(old)
    assert "lease_owner" not in old.columns("batches")
    before = {table: old.rows(table) for table in TABLES}

    old.upgrade()
    for table, rows in before.items():
        assert old.rows(table, rows.columns) == rows, table  # every old value, unchanged
    added = ["lease_owner", "lease_expires_at", "file_size", "file_sha256",
             "generation_attempts", "generation_error"]  # fmt: skip
    assert set(old.columns("batches")) - set(before["batches"].columns) == set(added)
    assert old.rows("batches", ["id", *added]).values == [
        (number, None, None, None, None, 0, None) for number in (1, 2, 3, 4)
    ]
    assert old.rows("batch_file_chunks").values == []

    app = old.app
    with app.app_context():
        assert check_password_hash(old.rows("users").values[0][2], "pw-vera")
        # The claimed batch is found by the periodic requeue and generated into the database;
        # the ready one's zip, left in an instance folder, is made again when it is opened.
        assert generation.batches_to_requeue() == [1]
        assert jobs().requeue_batches.call_local() == [1]
        assert generation.generate(app, 2)
        for number in (1, 2):
            assert storage.read(db.engine, number)[:2] == b"PK"
        statuses = {batch.id: batch.status for batch in db.session.query(Batch)}
        assert statuses == {1: BatchStatus.READY, 2: BatchStatus.READY,
                            3: BatchStatus.PRINTED, 4: BatchStatus.CANCELLED}  # fmt: skip
