"""What the deployment tests share: the batch tests' sample directory, and the mark of the tests
that run a whole deployment (several servers, a worker) on PostgreSQL and Redis."""

import os

import pytest

from tests.batches.conftest import directory  # noqa: F401 - a fixture

REDIS_URL = os.environ.get("LETTERS_TEST_REDIS_URL")
WHOLE_DEPLOYMENT = [
    pytest.mark.deployment,
    pytest.mark.skipif(
        not (REDIS_URL and os.environ.get("LETTERS_TEST_DATABASE_URL")),
        reason="needs PostgreSQL and Redis (the PostgreSQL pass of scripts/test)",
    ),
]
