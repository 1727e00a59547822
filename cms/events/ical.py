"""iCalendar (RFC 5545) for events: one event as an e-mail attachment or download, and a person's feed.

Times are written in Europe/Berlin with the VTIMEZONE that calendar programs need; the UID is stable
per event, so a second invitation or a feed refresh updates the entry instead of adding one.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

from ..mail import SITE_NAME, site_url
from .models import EventPage

BERLIN = ZoneInfo("Europe/Berlin")
MIMETYPE = "text/calendar; charset=utf-8"


def event_uid(event: EventPage) -> str:
    host = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"event-{event.pk}@{host or 'sicherimdienst'}"


def _vevent(event: EventPage, *, with_link: bool, cancelled: bool = False) -> Event:
    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.start.astimezone(BERLIN))
    vevent.add("dtend", event.end.astimezone(BERLIN))
    vevent.add("summary", event.title)
    description = event.summary or strip_tags(event.body)
    url = site_url(event.url or "")
    vevent.add("description", f"{description}\n\n{url}".strip())
    vevent.add("url", url)
    location = event.place or (event.online_url if with_link else "Online")
    vevent.add("location", location)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


def calendar_bytes(events: Iterable[EventPage], *, name: str, with_link: bool = True) -> bytes:
    """A calendar with ``events``; ``with_link`` puts the online link in the location (only for people
    registered for the event)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{SITE_NAME}//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("method", "PUBLISH")
    for event in events:
        calendar.add_component(_vevent(event, with_link=with_link))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_ics(event: EventPage, *, with_link: bool) -> tuple[str, bytes, str]:
    """One event as an attachment ``(filename, content, mimetype)``."""
    return (
        f"veranstaltung-{event.pk}.ics",
        calendar_bytes([event], name=event.title, with_link=with_link),
        MIMETYPE,
    )
