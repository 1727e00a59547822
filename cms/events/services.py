"""Writes about events: register, cancel, the waiting list that moves up, calendar feed tokens.

Every write that changes who holds a place locks the event's row (``select_for_update``) for its
transaction, so two people never take the last place and a freed place goes to exactly one person on
the waiting list. E-mails are queued after commit (:func:`cms.celery.after_commit`).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from exchange.access import viewers_for
from exchange.models import User

from ..celery import after_commit
from . import permissions, tasks
from .models import CalendarFeedToken, EventIndexPage, EventPage, Registration, token_hash

ACTIVE = (Registration.Status.REGISTERED, Registration.Status.WAITING)


def _event_lock(event: EventPage) -> EventPage:
    """The event, re-read with its row locked until the transaction ends."""
    return EventPage.objects.select_for_update().get(pk=event.pk)


def _places_taken(event: EventPage) -> int:
    return event.registrations.filter(status=Registration.Status.REGISTERED).count()


@transaction.atomic
def registration_create(*, user: User, event: EventPage) -> Registration:
    """Register ``user`` for ``event``: a place while there is one, else the waiting list.

    Refused with a German message without the right to see the event, after the deadline, for a
    past event and for someone already registered or waiting."""
    if not permissions.can_register(user, event):
        raise PermissionDenied(_("Sie können sich für diese Veranstaltung nicht anmelden."))
    event = _event_lock(event)
    now = timezone.now()
    if event.start <= now:
        raise ValidationError(
            _("Diese Veranstaltung hat bereits begonnen; eine Anmeldung ist nicht mehr möglich.")
        )
    if event.deadline <= now:
        raise ValidationError(_("Der Anmeldeschluss ist vorbei; eine Anmeldung ist nicht mehr möglich."))
    registration = Registration.objects.select_for_update().filter(event=event, user=user).first()
    if registration is not None and registration.status in ACTIVE:
        raise ValidationError(
            _("Sie sind bereits angemeldet.")
            if registration.status == Registration.Status.REGISTERED
            else _("Sie stehen bereits auf der Warteliste.")
        )
    full = event.capacity is not None and _places_taken(event) >= event.capacity
    status = Registration.Status.WAITING if full else Registration.Status.REGISTERED
    if registration is None:
        registration = Registration.objects.create(event=event, user=user, status=status, created_at=now)
    else:  # a cancelled registration comes back at the end of the queue
        registration.status, registration.created_at = status, now
        registration.reminded_at = None
        registration.save(update_fields=["status", "created_at", "reminded_at", "updated_at"])
    after_commit(tasks.registration_confirm_send, registration.pk)
    return registration


@transaction.atomic
def registration_cancel(*, user: User, event: EventPage) -> Registration:
    """Cancel ``user``'s registration or place on the waiting list; a freed place moves the waiting
    list up in the same transaction."""
    event = _event_lock(event)
    registration = (
        Registration.objects.select_for_update().filter(event=event, user=user, status__in=ACTIVE).first()
    )
    if registration is None:
        raise ValidationError(_("Sie sind für diese Veranstaltung nicht angemeldet."))
    if event.start <= timezone.now():
        raise ValidationError(
            _("Die Veranstaltung hat bereits begonnen; eine Abmeldung ist nicht mehr nötig.")
        )
    freed = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if freed:
        _waiting_list_advance(event)
    return registration


@transaction.atomic
def waiting_list_advance(*, event: EventPage) -> list[Registration]:
    """Give free places to the waiting list in order (e.g. after an editor raised the capacity)."""
    return _waiting_list_advance(_event_lock(event))


def _waiting_list_advance(event: EventPage) -> list[Registration]:
    """Move people up from the waiting list while places are free; the caller holds the event's lock.

    Only before the event starts, and only people who may still see it (someone who left the
    working group stays waiting). Each one moved up gets a confirmation e-mail after commit."""
    if event.start <= timezone.now():
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITING)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    free = None if event.capacity is None else max(event.capacity - _places_taken(event), 0)
    viewers = viewers_for([r.user for r in waiting])
    moved: list[Registration] = []
    for registration in waiting:
        if free is not None and len(moved) >= free:
            break
        if not permissions.can_register(viewers[registration.user_id], event):
            continue
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        after_commit(tasks.registration_confirm_send, registration.pk, moved_up=True)
        moved.append(registration)
    return moved


@transaction.atomic
def registrations_release(*, user: User) -> int:
    """Before an account is deleted: cancel the person's active registrations of upcoming events, so
    their places move the waiting lists up (the rows then go with the account)."""
    released = 0
    upcoming = EventPage.objects.filter(
        registrations__user=user, registrations__status__in=ACTIVE, start__gt=timezone.now()
    ).distinct()
    for event in upcoming:
        registration_cancel(user=user, event=event)
        released += 1
    return released


# --- Calendar feed ------------------------------------------------------------------------------


@transaction.atomic
def calendar_token_create(*, user: User) -> str:
    """A new secret feed URL token for ``user`` (the previous one stops working); returns the token,
    which is shown once: only its hash is stored."""
    calendar_token_revoke(user=user)
    token = secrets.token_urlsafe(32)
    CalendarFeedToken.objects.create(user=user, key_hash=token_hash(token))
    return token


@transaction.atomic
def calendar_token_revoke(*, user: User) -> int:
    """End the person's calendar feed; returns how many tokens were revoked (0 or 1)."""
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# --- Set-up -------------------------------------------------------------------------------------


@transaction.atomic
def event_index_ensure(*, home: Page) -> EventIndexPage:
    """The events index (/veranstaltungen/) below the start page; created once, published."""
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = EventIndexPage(
            title="Veranstaltungen",
            slug="veranstaltungen",
            intro="<p>Netzwerktreffen, Schulungen und Webinare des Präventionsnetzwerks.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index
