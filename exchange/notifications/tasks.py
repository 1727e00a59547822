"""Celery tasks of participation: take ids, re-fetch, tolerate "gone", run :mod:`.delivery`.

The names stay those of the former ``exchange.tasks`` module: the beat schedule (cms/settings.py)
and messages already queued refer to them. The worker imports this module through CELERY_IMPORTS.
"""

from celery import shared_task

from cms.celery import after_commit

from . import delivery


@shared_task(name="exchange.tasks.post_notify", acks_late=True)
def post_notify(post_id: int) -> int:
    """Fan-out after a new post: in-app notifications for followers and mentioned members, then the
    immediate e-mails (queued once the fan-out has committed)."""
    fanout = delivery.notification_fanout(post_id=post_id)
    for notification_id in fanout.mail_ids:
        after_commit(notification_email_send, notification_id)
    return fanout.created


@shared_task(name="exchange.tasks.notification_email_send", acks_late=True)
def notification_email_send(notification_id: int) -> int:
    return delivery.notification_email_send(notification_id=notification_id)


@shared_task(name="exchange.tasks.notification_digest_send", acks_late=True)
def notification_digest_send(user_id: int) -> int:
    return delivery.notification_digest_send(user_id=user_id)


@shared_task(name="exchange.tasks.notifications_sweep", acks_late=True)
def notifications_sweep() -> int:
    """Beat: re-queue fan-outs and immediate e-mails whose tasks were lost (both idempotent)."""
    post_ids, notification_ids = delivery.notification_sweep()
    for post_id in post_ids:
        post_notify.delay(post_id)
    for notification_id in notification_ids:
        notification_email_send.delay(notification_id)
    return len(post_ids) + len(notification_ids)


@shared_task(name="exchange.tasks.notification_digests_send", acks_late=True)
def notification_digests_send() -> int:
    """Daily (Celery beat): one digest task per member with unsent notifications."""
    user_ids = delivery.notification_digest_recipients()
    for user_id in user_ids:
        notification_digest_send.delay(user_id)
    return len(user_ids)
