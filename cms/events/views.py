"""Event views (thin): register and cancel, materials and calendar files, the personal calendar feed.
Rules in :mod:`.permissions`, writes in :mod:`.services`, reads in :mod:`.selectors`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchange.access import viewer_for
from exchange.decorators import member_required
from exchange.http import AuthenticatedRequest

from ..mail import site_url
from ..permissions import refusal
from . import permissions, selectors, services
from .ical import MIMETYPE, calendar_bytes
from .models import EventPage, Registration


def _write(request: HttpRequest, write, success: str) -> None:
    try:
        write()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, success)


@member_required
@require_POST
def event_register(request: AuthenticatedRequest, page_id: int) -> HttpResponse:
    event = permissions.event_access(request.user, page_id)
    try:
        registration = services.registration_create(user=request.user, event=event)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        if registration.status == Registration.Status.WAITING:
            messages.warning(request, _("Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste."))
        else:
            messages.success(request, _("Sie sind angemeldet. Die Bestätigung kommt per E-Mail."))
    return redirect(f"{event.url}#anmeldung")


@member_required
@require_POST
def event_cancel(request: AuthenticatedRequest, page_id: int) -> HttpResponse:
    event = permissions.event_access(request.user, page_id)
    _write(
        request,
        lambda: services.registration_cancel(user=request.user, event=event),
        _("Sie sind abgemeldet."),
    )
    return redirect(f"{event.url}#anmeldung")


def event_material(request: HttpRequest, page_id: int, material_id: int) -> HttpResponseBase:
    """Stream a material to those who may see the event; never a public media URL."""
    event = get_object_or_404(EventPage.objects.live(), pk=page_id)
    if not permissions.can_download_material(request.user, event):
        return refusal(request)
    return get_object_or_404(event.materials.select_related("document"), pk=material_id).download_response()


def event_ics(request: HttpRequest, page_id: int) -> HttpResponseBase:
    """The event as a calendar file (the online link only for people with a place)."""
    event = get_object_or_404(EventPage.objects.live(), pk=page_id)
    if not permissions.can_view_event(request.user, event):
        return refusal(request)
    detail = selectors.event_detail(viewer_for(request.user), event)
    response = HttpResponse(
        calendar_bytes([event], name=event.title, with_link=detail.show_online_url), content_type=MIMETYPE
    )
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    return response


@member_required
def calendar_settings(request: AuthenticatedRequest) -> HttpResponse:
    """The person's calendar feed: create (the URL is shown once), replace or revoke it."""
    feed_url = ""
    if request.method == "POST" and request.POST.get("action") == "revoke":
        services.calendar_token_revoke(user=request.user)
        messages.success(
            request, _("Ihr Kalender-Abo ist beendet; die bisherige Adresse funktioniert nicht mehr.")
        )
        return redirect("event-calendar")
    if request.method == "POST":
        token = services.calendar_token_create(user=request.user)
        feed_url = site_url(reverse("event-calendar-feed", kwargs={"token": token}))
    context = {
        "feed_url": feed_url,
        "active": selectors.calendar_token_active(request.user),
        "registrations": selectors.registration_list_for_user(request.user),
    }
    return render(request, "cms/events/calendar_settings.html", context)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed for calendar programs (no login: the secret token is the key)."""
    user = selectors.feed_user(token)
    if user is None:
        raise Http404
    events = selectors.feed_events(user, viewer_for(user))
    response = HttpResponse(calendar_bytes(events, name=_("Meine Veranstaltungen")), content_type=MIMETYPE)
    response["Cache-Control"] = "private, no-store"
    return response
