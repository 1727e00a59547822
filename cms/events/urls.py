"""Event routes beside the Wagtail pages (/veranstaltungen/<slug>/ comes from the page tree)."""

from django.urls import path

from . import views

urlpatterns = [
    path("veranstaltungen/<int:page_id>/anmelden/", views.event_register, name="event-register"),
    path("veranstaltungen/<int:page_id>/abmelden/", views.event_cancel, name="event-cancel"),
    path(
        "veranstaltungen/<int:page_id>/material/<int:material_id>/",
        views.event_material,
        name="event-material",
    ),
    path("veranstaltungen/<int:page_id>/termin.ics", views.event_ics, name="event-ics"),
    path("veranstaltungen/kalender/", views.calendar_settings, name="event-calendar"),
    path("veranstaltungen/kalender/<str:token>.ics", views.calendar_feed, name="event-calendar-feed"),
]
