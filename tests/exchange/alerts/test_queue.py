"""Saved-search alerts through a real Celery worker on Redis (runs where Redis is configured): the
beat's task, a task delivered twice, and a send that failed and is caught up by the next beat."""

from __future__ import annotations

from django.core import mail

from exchange.alerts import tasks
from exchange.models import SavedSearch
from search import drain
from tests.factories import member_create, practice_publish
from tests.queue import NEEDS_REDIS, queue_drained, wait_for

from .helpers import saved_search

pytestmark = NEEDS_REDIS


def _mails_to(user) -> int:
    return sum(1 for m in mail.outbox if m.to == [user.email])


def test_the_beat_sends_each_due_alert_once_even_when_tasks_are_delivered_twice(
    queue_worker, org, practice_index, working_group
):
    reader = member_create(org, email="leserin@example.org")
    saved = saved_search(reader, "Hausverbot")
    practice_publish(practice_index, title="Hausverbot im Jobcenter", organisation=org)
    practice_publish(
        practice_index,
        title="Hausverbot AG intern",
        organisation=org,
        audience="groups",
        groups=[working_group],
    )
    drain.outbox_drain(refresh=True)
    mail.outbox.clear()

    tasks.saved_search_alerts_due.delay()
    tasks.saved_search_alert_send.delay(saved.pk)  # the same alert again, e.g. redelivered after a restart
    tasks.saved_search_alerts_due.delay()

    assert wait_for(lambda: _mails_to(reader) >= 1), "no alert from the worker"
    assert wait_for(queue_drained)
    assert _mails_to(reader) == 1
    body = mail.outbox[0].body
    assert "Hausverbot im Jobcenter" in body and "AG intern" not in body


def test_a_send_that_failed_is_sent_by_the_next_beat(queue_worker, org, practice_index, settings):
    reader = member_create(org, email="leserin@example.org")
    saved = saved_search(reader, "Notrufknopf")
    practice_publish(practice_index, title="Notrufknopf am Empfang", organisation=org)
    drain.outbox_drain(refresh=True)
    before = saved.last_sent_at
    mail.outbox.clear()

    settings.EMAIL_BACKEND = "tests.exchange.alerts.helpers.BrokenMailServer"  # the mail server is down
    tasks.saved_search_alert_send.delay(saved.pk)
    assert wait_for(queue_drained)
    assert mail.outbox == []
    assert SavedSearch.objects.get(pk=saved.pk).last_sent_at == before  # still due, nothing lost

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.saved_search_alerts_due.delay()
    assert wait_for(lambda: _mails_to(reader) == 1), "the next beat did not send the alert"
    assert wait_for(queue_drained)
    assert _mails_to(reader) == 1 and "Notrufknopf am Empfang" in mail.outbox[0].body
    assert SavedSearch.objects.get(pk=saved.pk).last_sent_at > before
