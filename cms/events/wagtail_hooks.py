"""Wagtail integration of events: who reads an event page, what it shows, and the editors' participant
list as a report (CSV/XLSX export) with a link from every event in the page explorer."""

from __future__ import annotations

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks  # type: ignore[attr-defined]  # mypy: see pyproject.toml, [tool.mypy]
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import ListingButton

from exchange.access import viewer_for
from exchange.models import Membership

from ..permissions import refusal
from . import permissions, selectors
from .models import EventIndexPage, EventPage, Registration


@hooks.register("before_serve_page")
def check_event_access(page, request: HttpRequest, serve_args, serve_kwargs):
    """Only those in the event's audience read it; anonymous visitors are sent to the login."""
    if isinstance(page, EventPage) and not permissions.can_view_event(request.user, page):
        return refusal(request)
    return None


@hooks.register(EventPage.CONTEXT_HOOK)
def event_context(request: HttpRequest, page: EventPage) -> dict:
    return {"detail": selectors.event_detail(viewer_for(request.user), page)}


@hooks.register(EventIndexPage.CONTEXT_HOOK)
def event_index_context(request: HttpRequest, page: EventIndexPage) -> dict:
    viewer = viewer_for(request.user)
    return {"upcoming": selectors.event_list_upcoming(viewer), "past": selectors.event_list_past(viewer)}


# --- Report: the participant list ----------------------------------------------------------------


def _is_editor(request: HttpRequest) -> bool:
    return request.user.is_superuser or viewer_for(request.user).is_editor


def _local(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


class ParticipantFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=_("Veranstaltung"),
        empty_label=_("alle"),
        queryset=lambda request: EventPage.objects.order_by("-start"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Registration.Status.choices)

    class Meta:
        model = Registration
        fields = ["event", "status"]


class ParticipantReport(ReportView):
    page_title = _("Teilnehmende")
    header_icon = "group"
    index_url_name = "events_participants"
    index_results_url_name = "events_participants_results"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    filterset_class = ParticipantFilterSet
    paginate_by = 100
    list_export = [
        "event.title",
        "event_start",
        "user.display_name",
        "user.email",
        "organisation",
        "status_label",
        "created",
    ]
    export_headings = {
        "event.title": _("Veranstaltung"),
        "event_start": _("Beginn"),
        "user.display_name": _("Name"),
        "user.email": _("E-Mail"),
        "organisation": _("Organisation"),
        "status_label": _("Status"),
        "created": _("angemeldet am"),
    }

    def get_filename(self) -> str:
        return f"teilnehmende-{timezone.localdate():%Y-%m-%d}"

    def dispatch(self, request, *args, **kwargs):
        if not _is_editor(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def columns(self):
        return [
            Column("event", label=_("Veranstaltung"), accessor="event.title"),
            Column("name", label=_("Name"), accessor="user.display_name"),
            Column("email", label=_("E-Mail"), accessor="user.email"),
            Column("organisation", label=_("Organisation")),
            Column("status_label", label=_("Status")),
            DateColumn("created_at", label=_("angemeldet am")),
        ]

    def get_queryset(self):
        organisation = (
            Membership.objects.effective()
            .filter(user=OuterRef("user"))
            .order_by("pk")
            .values("organisation__name")[:1]
        )
        return selectors.participant_list().annotate(organisation=Subquery(organisation))

    def decorate_paginated_queryset(self, object_list):
        for registration in object_list:
            _label(registration)
        return object_list

    def to_row_dict(self, item):
        return super().to_row_dict(_label(item))


def _label(registration: Registration) -> Registration:
    """Readable values for the table and the export (times in Europe/Berlin)."""
    registration.status_label = registration.get_status_display()  # type: ignore[attr-defined]
    registration.event_start = _local(registration.event.start)  # type: ignore[attr-defined]
    registration.created = _local(registration.created_at)  # type: ignore[attr-defined]
    return registration


@hooks.register("register_admin_urls")
def participant_urls():
    return [
        path("veranstaltungen/teilnehmende/", ParticipantReport.as_view(), name="events_participants"),
        path(
            "veranstaltungen/teilnehmende/ergebnisse/",
            ParticipantReport.as_view(results_only=True),
            name="events_participants_results",
        ),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return _is_editor(request)


@hooks.register("register_reports_menu_item")
def participants_menu_item():
    return EditorsMenuItem(
        _("Teilnehmende von Veranstaltungen"), reverse("events_participants"), icon_name="group", order=710
    )


@hooks.register("register_page_listing_buttons")
def participants_button(page, user, next_url=None, **kwargs):
    if issubclass(page.specific_class or object, EventPage) and (
        user.is_superuser or viewer_for(user).is_editor
    ):
        yield ListingButton(
            _("Teilnehmende"),
            f"{reverse('events_participants')}?event={page.pk}",
            icon_name="group",
            priority=60,
        )
