"""Fixtures shared by the participation tests."""

from __future__ import annotations

import pytest

from exchange.forum import services as forum_services


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Write like a request does, then run what it queued after commit."""

    def write(author, *, thread=None, category=None, body="Text", title="Ein Thema"):
        with django_capture_on_commit_callbacks(execute=True):
            if thread is None:
                return forum_services.thread_create(author=author, category=category, title=title, body=body)
            return forum_services.post_create(author=author, thread=thread, body=body)

    return write
