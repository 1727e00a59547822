"""The e-mails about registrations, each with the event as an iCalendar attachment.

Called by the tasks; each locks the registration's row, so a task delivered twice (or a sweep that
overlaps with the first delivery) mails once: the confirmation is sent while ``mailed_status``
differs from the status, the reminder while ``reminded_at`` is empty.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..mail import mail_send, site_url
from . import permissions
from .ical import event_ics
from .models import Registration

TEMPLATES: dict[str, str] = {
    Registration.Status.REGISTERED: "cms/events/email/registered",
    Registration.Status.WAITING: "cms/events/email/waiting",
}


def _context(registration: Registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "event_url": site_url(event.url or ""),
        "online_url": event.online_url if registration.status == Registration.Status.REGISTERED else "",
    }


@transaction.atomic
def registration_confirm_send(*, registration_id: int, moved_up: bool = False) -> int:
    """Confirm the registration's current status (a place, the waiting list, or ``moved_up`` from the
    waiting list to a place)."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status not in TEMPLATES:
        return 0
    if registration.mailed_status == registration.status:
        return 0
    event = registration.event
    sent = 0
    if event.live and permissions.can_view_event(registration.user, event) and registration.user.is_active:
        registered = registration.status == Registration.Status.REGISTERED
        context = {
            **_context(registration),
            "moved_up": registered
            and (moved_up or registration.mailed_status == Registration.Status.WAITING),
        }
        sent = mail_send(
            template=TEMPLATES[registration.status],
            recipients=[registration.user.email],
            context=context,
            attachments=[event_ics(event, with_link=registered)],
        )
    registration.mailed_status = registration.status
    registration.save(update_fields=["mailed_status"])
    return sent


@transaction.atomic
def registration_remind_send(*, registration_id: int) -> int:
    """The reminder the day before, for people with a place; never twice."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "user")
        .filter(pk=registration_id, status=Registration.Status.REGISTERED, reminded_at__isnull=True)
        .first()
    )
    if registration is None:
        return 0
    event = registration.event
    sent = 0
    if event.live and event.start > timezone.now() and permissions.can_view_event(registration.user, event):
        sent = mail_send(
            template="cms/events/email/reminder",
            recipients=[registration.user.email],
            context=_context(registration),
            attachments=[event_ics(event, with_link=True)],
        )
    registration.reminded_at = timezone.now()
    registration.save(update_fields=["reminded_at"])
    return sent
