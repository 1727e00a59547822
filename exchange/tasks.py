"""Celery tasks of the exchange app: take ids, re-fetch, tolerate "gone", send one e-mail."""

from celery import shared_task

from . import emails
from .models import Invitation, Membership
from .services import notifications


@shared_task(acks_late=True)
def notify_membership_requested(membership_id: int) -> int:
    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(pk=membership_id, status=Membership.Status.PENDING)
        .first()
    )
    return emails.membership_requested(membership) if membership else 0


@shared_task(acks_late=True)
def notify_membership_decided(membership_id: int) -> int:
    membership = Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    return emails.membership_decided(membership) if membership else 0


@shared_task(acks_late=True)
def send_invitation(invitation_id: int, token: str) -> int:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_open:
        return 0
    return emails.invitation(invitation, token)


# --- Participation notifications (exchange.services.notifications) ----------------------------


@shared_task(acks_late=True)
def post_notify(post_id: int) -> int:
    """Fan-out after a new post: in-app notifications for followers and mentioned members."""
    return notifications.notification_fanout(post_id=post_id)


@shared_task(acks_late=True)
def notification_email_send(notification_id: int) -> int:
    return notifications.notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True)
def notification_digest_send(user_id: int) -> int:
    return notifications.notification_digest_send(user_id=user_id)


@shared_task(acks_late=True)
def notifications_sweep() -> int:
    """Beat: re-queue fan-outs and immediate e-mails whose tasks were lost (both idempotent)."""
    post_ids, notification_ids = notifications.notification_sweep()
    for post_id in post_ids:
        post_notify.delay(post_id)
    for notification_id in notification_ids:
        notification_email_send.delay(notification_id)
    return len(post_ids) + len(notification_ids)


@shared_task(acks_late=True)
def notification_digests_send() -> int:
    """Daily (Celery beat): one digest task per member with unsent notifications."""
    user_ids = notifications.notification_digest_recipients()
    for user_id in user_ids:
        notification_digest_send.delay(user_id)
    return len(user_ids)
