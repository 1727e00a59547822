"""The retention rule of join requests: the contact's personal data is erased some time after the
decision (storage limitation, Art. 5(1)(e) GDPR). Run daily by Celery beat (tasks.py)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from .models import JoinRequest


def join_requests_erase(*, now: datetime.datetime | None = None) -> int:
    """Erase the contact's personal data (name, e-mail, position, message, the reason sent to them)
    of requests decided more than ``NETWORK_JOIN["KEEP_DECIDED_DAYS"]`` days ago; return how many.

    What the office keeps as its record is not personal: organisation, kind, region, status, dates,
    the organisation in the network and the certificate (which names only the organisation). An
    approved contact lives on as the invited member; a pending request waits for its decision."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.NETWORK_JOIN["KEEP_DECIDED_DAYS"])
    return JoinRequest.objects.filter(decided_at__lt=cutoff, personal_data_erased_at__isnull=True).update(
        contact_name="",
        contact_email="",
        contact_position="",
        message="",
        reason="",
        personal_data_erased_at=now,
    )
