"""The notification fan-out through a real Celery worker on Redis (runs where Redis is configured)."""

from django.core import mail

from exchange.forum import services as forum_services
from exchange.models import Follow, Membership, Notification, NotificationSettings
from exchange.notifications import services as notification_services
from exchange.notifications import tasks as notification_tasks
from tests.factories import CategoryFactory, UserFactory
from tests.queue import NEEDS_REDIS, queue_drained, wait_for

pytestmark = NEEDS_REDIS


def person(org, email, first, last, *, email_pref=NotificationSettings.Email.IMMEDIATE):
    user = UserFactory(email=email, first_name=first, last_name=last)
    Membership.objects.create(user=user, organisation=org, status=Membership.Status.ACTIVE)
    notification_services.notification_settings_set(user=user, email=email_pref)
    return user


def test_worker_notifies_the_working_group_and_never_the_mentioned_outsider(queue_worker, org, working_group):
    category = CategoryFactory(name="AG intern")
    category.working_groups.add(working_group)
    author = person(org, "autorin@example.org", "Ada", "Autorin")
    colleague = person(org, "kollege@example.org", "Karl", "Kollege")
    outsider = person(org, "aussen@example.org", "Olga", "Außen")
    working_group.members.add(author, colleague)
    notification_services.follow_set(user=colleague, category=category, level=Follow.Level.ALL)
    mail.outbox.clear()

    # The request only commits and enqueues; the worker on Redis does the fan-out and the e-mail.
    thread = forum_services.thread_create(
        author=author,
        category=category,
        title="Entwurf Dienstanweisung",
        body=f"Bitte lesen, @{colleague.handle} und @{outsider.handle}.",
    )

    assert wait_for(lambda: any(m.to == [colleague.email] for m in mail.outbox)), "no mail from the worker"
    assert wait_for(queue_drained)
    note = Notification.objects.get(recipient=colleague)
    assert note.kind == Notification.Kind.MENTION
    assert note.emailed_at is not None
    assert Follow.objects.filter(user=author, thread=thread, level=Follow.Level.ALL).exists()
    # Every task has run: the outsider got nothing, in-app or by mail.
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert all(m.to != [outsider.email] for m in mail.outbox)
    assert all("Entwurf Dienstanweisung" not in m.body for m in mail.outbox if m.to != [colleague.email])


def test_a_task_delivered_twice_notifies_and_mails_once(queue_worker, org):
    category = CategoryFactory(name="Praxisfragen")
    author = person(org, "a@example.org", "Anton", "Autor")
    reader = person(org, "r@example.org", "Rita", "Leserin")
    notification_services.follow_set(user=reader, category=category, level=Follow.Level.NEW_THREADS)
    mail.outbox.clear()

    thread = forum_services.thread_create(
        author=author, category=category, title="Notrufknopf", body="Erfahrungen?"
    )
    post = thread.posts.get()
    notification_tasks.post_notify.delay(post.pk)  # redelivered, e.g. after a worker restart (acks_late)

    assert wait_for(lambda: any(m.to == [reader.email] for m in mail.outbox))
    assert wait_for(queue_drained)  # the duplicate (and any mail task it queued) has run too
    assert Notification.objects.filter(recipient=reader, post=post).count() == 1
    assert [m.to for m in mail.outbox].count([reader.email]) == 1
