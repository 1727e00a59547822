"""Demo events: a network meeting and a webinar ahead (the webinar full, with a waiting list), and a
past meeting of the working group with its materials. Dates are relative to the day of the first load; loading
again changes nothing (natural keys: the pages' slugs, one registration per person and event)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection

from exchange.models import User, WorkingGroup

from ..events.models import EventMaterial, EventPage, Registration
from ..events.services import event_index_ensure
from ..models import HomePage

BERLIN = ZoneInfo("Europe/Berlin")

MINUTES = """Ergebnisprotokoll – Netzwerktreffen #sicherimDienst

1. Erfahrungsberichte aus den Partnerorganisationen: Melde- und Auskunftssystem der Stadt Bonn,
   Kennzeichnung von Schulen nach dem Gütersloher Modell.
2. Nachsorge nach Übergriffen: Ansprechpersonen, kollegiale Erstbetreuung, Dokumentation.
3. Verabredungen: Austausch der Vorlagen für Gefährdungsbeurteilungen im Forum.
"""

EVENTS = [
    {
        "slug": "netzwerktreffen-herbst",
        "title": "Netzwerktreffen: Meldesysteme in der Praxis",
        "kind": EventPage.Kind.NETWORK_MEETING,
        "days": 21,
        "hours": (10, 15),
        "place": "Polizeipräsidium Münster, Friesenring 43, 48147 Münster",
        "online_url": "",
        "audience": "members",
        "capacity": 40,
        "summary": "Partner berichten, wie sie Übergriffe auf Beschäftigte melden und auswerten – "
        "vom Melde- und Auskunftssystem der Stadt Bonn bis zur Nachsorge.",
        "body": "<h3>Programm</h3><ul><li>Begrüßung durch die Geschäftsstelle</li>"
        "<li>Praxisbericht: Melde- und Auskunftssystem der Stadt Bonn</li>"
        "<li>Arbeitsgruppen: Auswertung und Nachsorge</li></ul>",
        "registered": ["mitglied@sicherimdienst.example", "partner@sicherimdienst.example"],
        "waiting": [],
    },
    {
        "slug": "webinar-deeskalation",
        "title": "Webinar: Deeskalation am Empfang",
        "kind": EventPage.Kind.WEBINAR,
        "days": 9,
        "hours": (14, 15),
        "place": "",
        "online_url": "https://video.example/sicherimdienst-deeskalation",
        "audience": "members",
        "capacity": 2,
        "summary": "Wie Beschäftigte mit Publikumsverkehr verbal aggressive Situationen erkennen und "
        "entschärfen; mit Fragen aus dem Alltag von Bürgerbüros und Jobcentern.",
        "body": "<p>Das Webinar richtet sich an Beschäftigte im Innendienst mit Publikumsverkehr.</p>",
        "registered": ["partner@sicherimdienst.example", "kollege@sicherimdienst.example"],
        "waiting": ["mitglied@sicherimdienst.example"],
    },
    {
        "slug": "netzwerktreffen-fruehjahr",
        "title": "Netzwerktreffen: Nachsorge nach Übergriffen",
        "kind": EventPage.Kind.NETWORK_MEETING,
        "days": -40,
        "hours": (10, 14),
        "place": "Stadthaus Bonn, Berliner Platz 2, 53111 Bonn",
        "online_url": "",
        "audience": "groups",  # the working group's meeting: its materials are the group's too
        "groups": ["AG Meldesysteme"],
        "capacity": 30,
        "summary": "Wie Organisationen Beschäftigte nach einem Übergriff begleiten.",
        "body": "<p>Das Protokoll und die Vorlagen stehen unten als Materialien bereit.</p>",
        "registered": ["mitglied@sicherimdienst.example"],
        "waiting": [],
        "material": ("Ergebnisprotokoll Netzwerktreffen", "ergebnisprotokoll-netzwerktreffen.txt", MINUTES),
    },
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BERLIN)


def _event(index, spec: dict) -> EventPage:
    existing = EventPage.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    day = timezone.localdate() + datetime.timedelta(days=spec["days"])
    start, end = (_at(day, hour) for hour in spec["hours"])
    event = EventPage(
        title=spec["title"],
        slug=spec["slug"],
        kind=spec["kind"],
        start=start,
        end=end,
        place=spec["place"],
        online_url=spec["online_url"],
        audience=spec["audience"],
        capacity=spec["capacity"],
        registration_deadline=start - datetime.timedelta(days=2),
        summary=spec["summary"],
        body=spec["body"],
    )
    index.add_child(instance=event)
    event.working_groups.set(WorkingGroup.objects.filter(name__in=spec.get("groups", [])))
    if "material" in spec:
        title, filename, text = spec["material"]
        document = get_document_model().objects.create(
            title=title,
            file=ContentFile(text.encode(), name=filename),
            collection=Collection.get_first_root_node(),
        )
        EventMaterial.objects.create(page=event, document=document, title=title, sort_order=0)
    event.save_revision().publish()
    return event


def _registrations(event: EventPage, spec: dict) -> None:
    """Demo registrations as stored history: no e-mails for the demo's example addresses."""
    statuses = [(e, Registration.Status.REGISTERED) for e in spec["registered"]]
    statuses += [(e, Registration.Status.WAITING) for e in spec["waiting"]]
    for offset, (email, status) in enumerate(statuses):
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        Registration.objects.get_or_create(
            event=event,
            user=user,
            defaults={
                "status": status,
                "mailed_status": status,
                "created_at": event.start - datetime.timedelta(days=20 - offset),
                "reminded_at": event.start - datetime.timedelta(days=1) if event.is_past else None,
            },
        )


def load() -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    index = event_index_ensure(home=home)
    for spec in EVENTS:
        _registrations(_event(index, spec), spec)
