"""Celery tasks of memberships: take ids, re-fetch, tolerate "gone", send one e-mail.

The names stay those of the former ``exchange.tasks`` module (messages already queued refer to them).
The worker imports this module through CELERY_IMPORTS.
"""

from celery import shared_task

from ..models import Invitation, Membership
from . import emails


@shared_task(name="exchange.tasks.notify_membership_requested", acks_late=True)
def notify_membership_requested(membership_id: int) -> int:
    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(pk=membership_id, status=Membership.Status.PENDING)
        .first()
    )
    return emails.membership_requested(membership) if membership else 0


@shared_task(name="exchange.tasks.notify_membership_decided", acks_late=True)
def notify_membership_decided(membership_id: int) -> int:
    membership = Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    return emails.membership_decided(membership) if membership else 0


@shared_task(name="exchange.tasks.send_invitation", acks_late=True)
def send_invitation(invitation_id: int, token: str) -> int:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_open:
        return 0
    return emails.invitation(invitation, token)
