"""Fixtures shared by the forum tests."""

from __future__ import annotations

import pytest

from exchange.forum import services as forum_services


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Attachments go to a temporary private directory, never under MEDIA_ROOT."""
    settings.STORAGES = {
        **settings.STORAGES,
        "forum_attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/nicht-oeffentlich/"},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "private"


@pytest.fixture(autouse=True)
def generous_rate_limit(settings):
    """Tests about other things post quickly; test_rate.py sets its own numbers (its autouse fixture
    runs after this one)."""
    settings.FORUM_RATE_LIMIT = {"NEW_ACCOUNT_DAYS": 7, "NEW_PER_MINUTE": 1000, "PER_MINUTE": 1000}


@pytest.fixture
def thread(member, open_category):
    return forum_services.thread_create(
        author=member,
        category=open_category,
        title="Personalrat einbinden?",
        body="Wie habt ihr das gemacht?",
    )


@pytest.fixture
def ag_thread(group_member, ag_category):
    return forum_services.thread_create(
        author=group_member, category=ag_category, title="Interner Entwurf", body="Geheimer AG-Text"
    )
