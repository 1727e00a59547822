"""Fixtures of the fault tests: private services that the tests may stop, kill and restart."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from .harness import OsmemProcess, RedisProcess


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


@pytest.fixture
def osmem():
    """A search server of this test alone (the session server is shared and must not be stopped)."""
    server = OsmemProcess().start()
    yield server
    server.stop()


@pytest.fixture
def redis_server():
    if not os.path.exists("/usr/bin/redis-server") and not __import__("shutil").which("redis-server"):
        pytest.skip("redis-server is not installed on this machine")
    server = RedisProcess().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (workers in other processes share the test database; the connection cut "
            "goes through a proxy to 127.0.0.1:5432): set DATABASE_URL=postgres://..., as .ci/run does"
        )


@pytest.fixture
def forum(org, member):
    """A forum category visible to all members, and a thread by ``member``."""
    from exchange.forum.services import thread_create
    from tests.factories import CategoryFactory

    category = CategoryFactory(name="Allgemeines")
    thread = thread_create(
        author=member, category=category, title="Deeskalation am Schalter", body="Erster Beitrag"
    )
    return category, thread
