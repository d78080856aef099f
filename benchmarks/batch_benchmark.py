"""Volunteer batches: queue 2,000 letters, then time claiming and generating the batch.

    .venv/bin/python benchmarks/batch_benchmark.py [--letters 2000] [--database-url URL]

Target: a 2,000-letter batch generated in under 15 s on a 2-core machine. Generation is
timed as the web process runs it (in-process, with progress written to the database), and
includes the zip with letters, envelopes, manifest and cover sheet.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from sqlalchemy import insert

from benchmarks import scratch_app
from letters.batches.claims import Selection, create_batch
from letters.batches.generation import generate_files
from letters.batches.models import LetterStatus, QueuedLetter, new_reference
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.directory.models import Prisoner
from letters.extensions import db

TEXT = (
    "Здравствуйте, Сергей! Меня зовут Анна, я живу в Казани и работаю в библиотеке. "
    "У нас выпал первый снег, и я вспомнила о Вас. Что Вы сейчас читаете? "
) * 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=2000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    app, url = scratch_app(args.database_url)
    with app.app_context():
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
        prisoner = db.session.query(Prisoner).filter_by(surname="Миронов").one()
        started = time.perf_counter()
        db.session.execute(
            insert(QueuedLetter),
            [
                {"reference": new_reference(), "prisoner_id": prisoner.id, "text": TEXT,
                 "signature": "Анна", "status": LetterStatus.QUEUED,
                 "queued_facility_id": prisoner.facility_id}
                for _ in range(args.letters)
            ],
        )  # fmt: skip
        db.session.commit()
        print(f"queued {args.letters} letters in {time.perf_counter() - started:.2f} s ({url})")

        started = time.perf_counter()
        batch = create_batch(db.session, None, Selection())
        claim = time.perf_counter() - started
        print(f"claimed {len(batch.letters)} letters into batch {batch.id} in {claim:.2f} s")

        started = time.perf_counter()
        files = generate_files(app, batch)
        archive = files.zip_bytes()
        generation = time.perf_counter() - started
        sizes = ", ".join(f"{name} {len(data) / 1e6:.1f} MB" for name, data in files.files.items())
        print(
            f"generated the batch in {generation:.2f} s ({sizes}; zip {len(archive) / 1e6:.1f} MB)"
        )
        print(
            f"letters per second: {len(batch.letters) / generation:.0f}  (target: 2,000 in < 15 s)"
        )


if __name__ == "__main__":
    main()
