"""The demo content, loaded once for the crawl module by the real loader, and one crawl per role.

Everything happens in one module-scoped fixture inside one transaction that is rolled back at the
end, so the other test modules never see the demo content. The tests then only read the results.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

from .rights import role_for
from .run import ROLES, CrawlRun, crawl_all

SUMMARY: list[str] = []


@pytest.fixture(scope="module")
def crawl_run(django_db_setup, django_db_blocker, search_server) -> Iterator[CrawlRun]:
    """Load the demo with ``load_demo`` into the test database, then crawl as every role; all of it
    is rolled back afterwards. The loader's after-commit work (draining the search outbox with eager
    Celery tasks into a fresh clone of the search server) runs as it would after a real commit."""
    clone = search_server.clone()  # a new URL, so the search client connects to it afresh
    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = True
    search = {**settings.SEARCH, "URL": clone.url, "EMBEDDED": True}
    try:
        with django_db_blocker.unblock(), override_settings(SEARCH=search), transaction.atomic():
            cache.clear()  # allauth's rate limits and used TOTP codes of earlier tests
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=io.StringIO())
            run = crawl_all([role_for(name, email, admin) for name, email, admin in ROLES])
            SUMMARY[:] = [
                f"{name}: {len(run.crawls[name])} pages in {run.seconds[name]:.1f} s" for name in run.crawls
            ]
            SUMMARY.append(
                f"cross-check: {len(run.matrix['anonym'])} URLs x {len(ROLES)} roles in "
                f"{run.seconds['cross-check']:.1f} s"
            )
            yield run
            transaction.set_rollback(True)
    finally:
        current_app.conf.task_always_eager = eager
        clone.close()
        cache.clear()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Pages per role and seconds, so that the bounds can be judged after every run."""
    if SUMMARY:
        terminalreporter.write_sep("-", "crawl")
        for line in SUMMARY:
            terminalreporter.write_line(line)
