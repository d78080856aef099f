"""What the workers do: generate batches, hand lost batches to a worker again, purge.

Each task runs inside the app's context (``letters.jobs`` wraps it) and is idempotent: the
database decides whether there is anything to do, so a job run twice, or by two workers, or
after a Redis restart lost it, does the right thing.
"""

from __future__ import annotations

from flask import current_app

from letters.batches import generation
from letters.batches.retention import purge_as_configured
from letters.extensions import db


def generate_batch(batch_id: int) -> bool:
    """Render and store a batch's zip unless it is stored or being rendered; True if stored."""
    stored = generation.generate(current_app._get_current_object(), batch_id)
    current_app.logger.info("batch %s: %s", batch_id, "stored" if stored else "nothing to do")
    return stored


def requeue_batches() -> list[int]:
    """Enqueue every claimed batch that has no files and nobody rendering it; their ids."""
    from letters.jobs import jobs

    queue = jobs()
    return [batch_id for batch_id in generation.batches_to_requeue() if queue.request(batch_id)]


def purge_letters() -> int:
    """Delete letter texts and writers' details past retention (``letters purge``)."""
    count = purge_as_configured(db.session, current_app.config)
    current_app.logger.info("purged %s letters", count)
    return count
