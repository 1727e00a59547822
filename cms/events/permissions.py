"""Who may see an event, register for it and download its materials: the shared audience rule of
:mod:`exchange.access` (one :class:`~exchange.access.Viewer` per person), written once here."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.query import PageQuerySet

from exchange.access import Viewer, viewer_for

from .models import EventMaterial, EventPage

__all__ = [
    "can_download_material",
    "can_register",
    "can_view_event",
    "event_access",
    "events_visible_to",
    "material_document_allowed",
    "viewer_for",
]


def _viewer(user_or_viewer) -> Viewer:
    return user_or_viewer if isinstance(user_or_viewer, Viewer) else viewer_for(user_or_viewer)


def can_view_event(user, event: EventPage) -> bool:
    """``user`` may be a user or an already computed :class:`Viewer`."""
    return _viewer(user).can_see(*event.visibility())


def can_register(user, event: EventPage) -> bool:
    """Approved members (and editors) who may see the event register; visitors only read."""
    viewer = _viewer(user)
    return viewer.is_member and event.live and can_view_event(viewer, event)


def events_visible_to(user) -> PageQuerySet:
    return EventPage.visible_to(_viewer(user))


def event_access(user, page_id: int) -> EventPage:
    """The live event ``page_id`` if ``user`` may see it, else 404 (for them it does not exist)."""
    event = get_object_or_404(EventPage.objects.live(), pk=page_id)
    if not can_view_event(user, event):
        raise Http404
    return event


def can_download_material(user, event: EventPage) -> bool:
    """Materials are served with the event's visibility."""
    return can_view_event(user, event)


def material_document_allowed(user, document) -> bool | None:
    """For Wagtail's own document URL: None when no event uses the document, else whether ``user``
    may see at least one live event that lists it (the event's visibility travels with the file)."""
    event_ids = set(EventMaterial.objects.filter(document=document).values_list("page_id", flat=True))
    if not event_ids:
        return None
    viewer = _viewer(user)
    events = EventPage.objects.live().filter(pk__in=event_ids).prefetch_related("working_groups")
    return any(can_view_event(viewer, event) for event in events)
