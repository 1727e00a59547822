"""cms.celery.after_commit: the one way a write queues a task."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction

from cms.celery import after_commit


class BrokerAway:
    """Stands for a task whose broker does not answer: publishing raises."""

    name = "tests.broker_away"

    def delay(self, *args, **kwargs):
        raise ConnectionError("broker away")


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_away_costs_a_log_line_not_the_write(caplog):
    """The write has committed; the failed publish is logged by Django (robust on_commit) and the sweep
    or outbox catches up later. Nothing reaches the request."""
    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"), transaction.atomic():
        after_commit(BrokerAway(), 1, key="value")
    assert "after_commit(tests.broker_away)" in caplog.text
    assert "broker away" in caplog.text
