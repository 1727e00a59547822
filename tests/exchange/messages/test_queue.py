"""Message e-mails through a real Celery worker on Redis (runs where Redis is configured): the
immediate mail reaches only the other readers, with only what they may read; the digest bundles
messages for those who chose it; a mail queued twice is sent once."""

from django.core import mail

from exchange.messages import services
from exchange.models import Membership, Notification, NotificationSettings
from exchange.notifications import services as notification_services
from exchange.notifications import tasks as notification_tasks
from tests.factories import UserFactory
from tests.queue import NEEDS_REDIS, queue_drained, wait_for

pytestmark = NEEDS_REDIS


def person(org, email, first, *, email_pref=NotificationSettings.Email.IMMEDIATE, status="active"):
    user = UserFactory(email=email, first_name=first, last_name="Muster")
    Membership.objects.create(user=user, organisation=org, status=status)
    notification_services.notification_settings_set(user=user, email=email_pref)
    return user


def test_the_worker_mails_the_recipient_and_nobody_else(queue_worker, org):
    author = person(org, "autorin@example.org", "Ada")
    reader = person(org, "leser@example.org", "Rudi")
    bystander = person(org, "daneben@example.org", "Berta")
    mail.outbox.clear()

    services.conversation_start(author=author, recipients=[reader], body="Vertraulich: Hausverbot Herr X")

    assert wait_for(lambda: any(m.to == [reader.email] for m in mail.outbox)), "no mail from the worker"
    assert wait_for(queue_drained)
    sent = [m for m in mail.outbox if m.to == [reader.email]]
    assert len(sent) == 1
    assert "Ada Muster" in sent[0].subject and "Hausverbot Herr X" in sent[0].body
    assert all(m.to != [bystander.email] and m.to != [author.email] for m in mail.outbox)
    assert Notification.objects.get(recipient=reader).emailed_at is not None


def test_a_mail_task_delivered_twice_sends_once(queue_worker, org):
    author = person(org, "a@example.org", "Anton")
    reader = person(org, "r@example.org", "Rita")
    mail.outbox.clear()
    services.conversation_start(author=author, recipients=[reader], body="Eine Frage")
    notification = Notification.objects.get(recipient=reader)
    notification_tasks.notification_email_send.delay(notification.pk)  # redelivered

    assert wait_for(lambda: any(m.to == [reader.email] for m in mail.outbox))
    assert wait_for(queue_drained)
    assert [m.to for m in mail.outbox].count([reader.email]) == 1


def test_the_digest_holds_the_message_while_the_recipient_may_read_it(queue_worker, org):
    author = person(org, "a2@example.org", "Anna")
    reader = person(org, "r2@example.org", "Rolf", email_pref=NotificationSettings.Email.DIGEST)
    leaver = person(org, "l2@example.org", "Lena", email_pref=NotificationSettings.Email.DIGEST)
    services.conversation_start(author=author, recipients=[reader], body="Im Digest lesbar")
    services.conversation_start(author=author, recipients=[leaver], body="Nie im Digest")
    Membership.objects.filter(user=leaver).update(status=Membership.Status.ENDED)
    mail.outbox.clear()

    notification_tasks.notification_digests_send.delay()

    assert wait_for(lambda: any(m.to == [reader.email] for m in mail.outbox))
    assert wait_for(queue_drained)
    digest = next(m for m in mail.outbox if m.to == [reader.email])
    assert "Im Digest lesbar" in digest.body
    assert all("Nie im Digest" not in m.body for m in mail.outbox)
    assert all(m.to != [leaver.email] for m in mail.outbox)
