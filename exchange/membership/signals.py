"""Signal receivers of memberships (connected in ExchangeConfig.ready)."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from . import services


@receiver(email_confirmed, dispatch_uid="exchange_email_confirmed")
def notify_deciders_after_verification(sender, request, email_address, **kwargs) -> None:
    """Requests are shown to the deciders only once the address is verified; now they hear of them."""
    if email_address.user_id and email_address.email.lower() == email_address.user.email.lower():
        services.membership_requests_notify_after_verification(user=email_address.user)
