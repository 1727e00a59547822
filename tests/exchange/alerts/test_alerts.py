"""Alert e-mails of saved searches: only what is new and visible to the member when the alert is
sent, never twice, and a failed send stays due. (tests/exchange/alerts/test_queue.py: the same
through a real Celery worker.)"""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from exchange.alerts import delivery, tasks
from exchange.forum import services as forum_services
from exchange.models import SavedSearch
from search import drain
from tests.factories import member_create, practice_publish

from .helpers import age, saved_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(org):
    return member_create(org, email="leserin@example.org")


def test_alert_lists_what_is_new_and_visible_now(
    reader, org, practice_index, working_group, ag_category, open_category
):
    old = practice_publish(practice_index, title="Hausverbot alt", organisation=org)
    age(old, days=5)
    saved = saved_search(reader, "Hausverbot")
    practice_publish(practice_index, title="Hausverbot im Bürgerbüro", organisation=org)
    practice_publish(
        practice_index,
        title="Hausverbot AG intern",
        organisation=org,
        audience="groups",
        groups=[working_group],
    )
    author = member_create(org, email="autor@example.org")
    working_group.members.add(author)
    forum_services.thread_create(author=author, category=ag_category, title="Hausverbot geheim", body="AG")
    forum_services.thread_create(author=author, category=open_category, title="Hausverbot Vorlage", body="?")
    drain.outbox_drain(refresh=True)
    mail.outbox.clear()

    assert tasks.saved_search_alerts_due() == 1  # eager: the beat queues and the alert runs

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reader.email]
    assert "Suche Hausverbot" in message.subject
    assert "Hausverbot im Bürgerbüro" in message.body
    assert "Neues Forenthema: „Hausverbot Vorlage“" in message.body
    assert "Hausverbot alt" not in message.body  # published before the window
    assert "AG intern" not in message.body and "geheim" not in message.body  # not the reader's group
    saved.refresh_from_db()
    assert saved.last_sent_at > timezone.now() - timezone.timedelta(minutes=1)


def test_visibility_is_checked_when_sending_not_when_saving(reader, org, practice_index, working_group):
    saved = saved_search(reader, "Bodycam")
    page = practice_publish(
        practice_index, title="Bodycam im Ordnungsamt", organisation=org, audience="public"
    )
    drain.outbox_drain(refresh=True)
    # made visible to a working group only, after it was found and before the alert is sent; the
    # index is not told (outbox not drained), so the database check alone must keep it out
    page.audience = "groups"
    page.save()
    page.working_groups.set([working_group])
    page.save_revision().publish()
    mail.outbox.clear()

    assert delivery.alert_send(saved_search_id=saved.pk) == 0
    assert mail.outbox == []
    assert not SavedSearch.objects.filter(delivery.due_filter(timezone.now()), pk=saved.pk).exists()


def test_nothing_new_sends_nothing_and_a_second_run_nothing_twice(reader, org, practice_index):
    old = practice_publish(practice_index, title="Notrufknopf", organisation=org)
    age(old, days=5)
    saved = saved_search(reader, "Notrufknopf")
    drain.outbox_drain(refresh=True)
    mail.outbox.clear()
    assert delivery.alert_send(saved_search_id=saved.pk) == 0
    assert mail.outbox == []

    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - timezone.timedelta(days=2))
    practice_publish(practice_index, title="Notrufknopf im Rathaus", organisation=org)
    drain.outbox_drain(refresh=True)
    assert delivery.alert_send(saved_search_id=saved.pk) == 1
    assert delivery.alert_send(saved_search_id=saved.pk) == 0  # the task delivered again
    assert tasks.saved_search_alerts_due() == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_leaves_the_search_due_and_the_next_beat_sends_it(
    reader, org, practice_index, settings
):
    saved = saved_search(reader, "Deeskalation")
    practice_publish(practice_index, title="Deeskalationstraining Deeskalation", organisation=org)
    drain.outbox_drain(refresh=True)
    before = saved.last_sent_at
    settings.EMAIL_BACKEND = "tests.exchange.alerts.helpers.BrokenMailServer"
    with pytest.raises(OSError):
        delivery.alert_send(saved_search_id=saved.pk)
    saved.refresh_from_db()
    assert saved.last_sent_at == before  # rolled back: still due

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert tasks.saved_search_alerts_due() == 1
    assert len(mail.outbox) == 1 and "Deeskalationstraining" in mail.outbox[0].body


def test_not_due_and_switched_off_searches_are_left_alone(reader, org, practice_index):
    weekly = saved_search(reader, "Bodycam", frequency="weekly", days_ago=2)
    off = saved_search(reader, "Gefährdung", frequency="none", days_ago=30)
    assert delivery.saved_searches_due() == []
    SavedSearch.objects.filter(pk=weekly.pk).update(last_sent_at=timezone.now() - timezone.timedelta(days=8))
    assert delivery.saved_searches_due() == [weekly.pk]
    assert delivery.alert_send(saved_search_id=off.pk) == 0


def test_a_member_who_left_gets_no_alert(reader, org, practice_index):
    saved = saved_search(reader, "Hausverbot")
    practice_publish(practice_index, title="Hausverbot öffentlich", organisation=org, audience="public")
    drain.outbox_drain(refresh=True)
    reader.memberships.update(status="ended")
    mail.outbox.clear()
    assert delivery.alert_send(saved_search_id=saved.pk) == 0
    assert mail.outbox == []


def test_the_beat_entry_names_a_task_the_worker_imports(settings):
    from cms.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["exchange-saved-search-alerts"]
    assert "exchange.alerts.tasks" in settings.CELERY_IMPORTS
    app.loader.import_default_modules()  # what a worker does at start (CELERY_IMPORTS)
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= 60 * 60  # a daily alert is never more than an hour late
