"""Reads about events: lists for a viewer, one event's detail, a person's registrations, the feed, the
participant list for editors and what the beat sweep has to send."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from wagtail.query import PageQuerySet

from exchange.access import Viewer
from exchange.models import User

from . import permissions
from .models import CalendarFeedToken, EventMaterial, EventPage, Registration, token_hash

REMINDER_BEFORE = datetime.timedelta(days=1)
CONFIRMATION_GRACE = datetime.timedelta(minutes=10)


def _with_counts(events: PageQuerySet) -> PageQuerySet:
    return events.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
        )
    )


def event_list_upcoming(viewer: Viewer, limit: int | None = None) -> list[EventPage]:
    """Events the viewer may see that have not ended, soonest first."""
    events = _with_counts(
        permissions.events_visible_to(viewer).filter(end__gt=timezone.now()).order_by("start", "pk")
    )
    return list(events[:limit] if limit else events)


def event_list_past(viewer: Viewer, limit: int = 20) -> list[EventPage]:
    return list(
        permissions.events_visible_to(viewer)
        .filter(end__lte=timezone.now())
        .prefetch_related("materials__document")
        .order_by("-start", "pk")[:limit]
    )


@dataclass
class EventDetail:
    """What the event page shows the viewer; the template decides nothing."""

    registration: Registration | None
    registered_count: int
    waiting_count: int
    free_places: int | None
    can_register: bool
    closed: bool
    materials: list[EventMaterial] = field(default_factory=list)
    show_online_url: bool = False
    login_needed: bool = False

    @property
    def status(self) -> str:
        return self.registration.status if self.registration else ""


def event_detail(viewer: Viewer, event: EventPage) -> EventDetail:
    counts = event.registrations.aggregate(
        registered=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
    )
    registration = None
    if viewer.user_id is not None:
        registration = (
            event.registrations.filter(user_id=viewer.user_id)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
    free = None if event.capacity is None else max(event.capacity - counts["registered"], 0)
    registered = registration is not None and registration.status == Registration.Status.REGISTERED
    return EventDetail(
        registration=registration,
        registered_count=counts["registered"],
        waiting_count=counts["waiting"],
        free_places=free,
        can_register=permissions.can_register(viewer, event),
        closed=event.deadline <= timezone.now(),
        materials=list(event.materials.select_related("document")),
        show_online_url=bool(event.online_url) and (registered or viewer.is_editor),
        login_needed=viewer.user_id is None,
    )


def registration_list_for_user(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("event__start")
    )


def registration_export(user: User) -> list[dict[str, Any]]:
    """The person's registrations for the data export (cancelled ones too: they are stored)."""
    return [
        {
            "veranstaltung": r.event.title,
            "beginn": r.event.start.isoformat(),
            "status": r.status,
            "angemeldet_am": r.created_at.isoformat(),
            "erinnert_am": r.reminded_at.isoformat() if r.reminded_at else None,
        }
        for r in Registration.objects.filter(user=user).select_related("event").order_by("created_at")
    ]


def feed_user(token: str) -> User | None:
    """The active person behind a calendar feed token, None when unknown or revoked."""
    found = (
        CalendarFeedToken.objects.filter(
            key_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    return found.user if found else None


def feed_events(user: User, viewer: Viewer) -> list[EventPage]:
    """Events the person holds a place for and may still see (the last year and everything ahead)."""
    since = timezone.now() - datetime.timedelta(days=365)
    return list(
        permissions.events_visible_to(viewer)
        .filter(
            registrations__user=user,
            registrations__status=Registration.Status.REGISTERED,
            end__gte=since,
        )
        .order_by("start")
    )


def calendar_token_active(user: User) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def participant_list(event_id: int | None = None) -> QuerySet[Registration]:
    """Registrations for the editors' report (all events, or one), with the person's organisation."""
    registrations = Registration.objects.select_related("event", "user").order_by(
        "event__start", "event_id", "status", "created_at"
    )
    if event_id is not None:
        registrations = registrations.filter(event_id=event_id)
    return registrations


def reminders_due() -> list[int]:
    """Registrations with a place for events starting within a day that have had no reminder."""
    now = timezone.now()
    return list(
        Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            reminded_at__isnull=True,
            event__live=True,
            event__start__gt=now,
            event__start__lte=now + REMINDER_BEFORE,
        ).values_list("pk", flat=True)
    )


def confirmations_missing() -> list[int]:
    """Registrations whose confirmation did not go out (lost task), for events still ahead."""
    now = timezone.now()
    return list(
        Registration.objects.filter(
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING],
            updated_at__lte=now - CONFIRMATION_GRACE,
            event__start__gt=now,
        )
        .exclude(mailed_status=F("status"))
        .values_list("pk", flat=True)
    )
