"""Celery tasks of the exchange app: take ids, re-fetch, tolerate "gone", send one e-mail."""

from celery import shared_task

from . import emails
from .models import Invitation, Membership


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
