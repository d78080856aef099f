"""The batch tests' sample directory, for the deployment test."""

from tests.batches.conftest import directory  # noqa: F401 - a fixture
