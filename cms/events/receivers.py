"""Signal receivers of events (connected in EventsConfig.ready)."""

from __future__ import annotations

from . import services
from .models import EventPage


def registrations_release(sender, user, **kwargs) -> None:
    """An account is being deleted: its places go to the waiting lists (exchange.people.extensions)."""
    services.registrations_release(user=user)


def waiting_list_on_publish(sender, instance, **kwargs) -> None:
    """An editor published an event, perhaps with more places: the waiting list moves up."""
    if isinstance(instance, EventPage):
        services.waiting_list_advance(event=instance)
