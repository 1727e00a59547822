"""Demo content of the network's public face: Aktuelles with three news items written from public
facts about #sicherimDienst, the demo organisations in the public partner list, Kreis Mettmann's
approved join request with its Beitrittsurkunde, and one join request waiting for the editors.
The waiting request is from an invented place ("Musterhausen", an .example address) on purpose."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cms.models import HomePage
from cms.network.certificate import certificate_pdf
from cms.network.models import JoinRequest, NewsIndexPage, NewsPage, PartnerListing
from cms.network.services import certificate_number
from exchange.models import Organisation, User

EDITOR = "redaktion@sicherimdienst.example"

NEWS = [
    (
        "kreis-mettmann-tritt-bei",
        datetime.date(2026, 10, 14),
        "Kreis Mettmann erhält die Beitrittsurkunde",
        "Der Kreis Mettmann ist Partner von #sicherimDienst und hat seine Beitrittsurkunde erhalten.",
        "<p>Mit der Übergabe der Beitrittsurkunde ist der Kreis Mettmann offiziell Partner des "
        "Präventionsnetzwerks #sicherimDienst.</p>"
        "<p>Der Kreis hat bereits 2020 ein eigenes Sicherheitskonzept gegen Gewalt am Arbeitsplatz "
        "erarbeitet. Es wird ergänzt durch ein Notfallmanagement, interne Schulungen und einen "
        "Leitfaden für alle Beschäftigten.</p>"
        "<p>Im Netzwerk teilt der Kreis seine Erfahrungen mit anderen Partnern.</p>",
    ),
    (
        "praeventionsleitfaden",
        datetime.date(2026, 9, 2),
        "Ein Präventionsleitfaden für alle Berufsgruppen",
        "Der Leitfaden beschreibt, was vor, während und nach einem Übergriff zu tun ist.",
        "<p>Im Juni 2021 hat die Landesregierung Nordrhein-Westfalen die Initiative „Mehr Schutz und "
        "Sicherheit von Beschäftigten im öffentlichen Dienst“ gestartet. Eines ihrer Ergebnisse ist ein "
        "Präventionsleitfaden für alle Berufsgruppen des öffentlichen Dienstes.</p>"
        "<p>Er ordnet Maßnahmen den Phasen Vorsorge, Handeln im Ereignis und Nachsorge zu und "
        "unterscheidet bauliche, organisatorische und personenbezogene Maßnahmen.</p>",
    ),
    (
        "mehr-als-600-partner",
        datetime.date(2026, 6, 23),
        "Mehr als 600 Partner im Netzwerk",
        "Behörden, Einrichtungen, Verbände und Organisationen setzen sich gemeinsam für den Schutz "
        "ihrer Beschäftigten ein.",
        "<p>Dem Netzwerk #sicherimDienst gehören nach eigenen Angaben mehr als 600 Behörden, "
        "Einrichtungen, Verbände und Organisationen an, dazu über 1.000 persönliche Mitglieder.</p>"
        "<p>Koordiniert wird das Netzwerk von der Geschäftsstelle beim Polizeipräsidium Münster.</p>",
    ),
]


def _news_index() -> NewsIndexPage:
    index = NewsIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.get()
        index = NewsIndexPage(
            title="Aktuelles", slug="aktuelles", intro="<p>Neuigkeiten aus dem Netzwerk #sicherimDienst.</p>"
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _news(index: NewsIndexPage) -> None:
    for slug, date, title, teaser, body in NEWS:
        if NewsPage.objects.filter(slug=slug).exists():
            continue
        page = NewsPage(title=title, slug=slug, date=date, teaser=teaser, body=body)
        index.add_child(instance=page)
        page.save_revision().publish()


def _mettmann_certificate(editor: User) -> None:
    mettmann = Organisation.objects.get(name="Kreis Mettmann")
    if JoinRequest.objects.filter(organisation=mettmann).exists():
        return
    join_request = JoinRequest.objects.create(
        organisation_name=mettmann.name,
        kind=mettmann.kind,
        region=mettmann.region,
        contact_name="Karl Kollege",
        contact_email="kollege@sicherimdienst.example",
        consent=True,
        listing_consent=True,
        status=JoinRequest.Status.PENDING,
    )
    join_request.certificate_pdf = certificate_pdf(
        organisation_name=mettmann.name,
        joined_on=mettmann.joined_on or datetime.date(2022, 1, 1),
        number=certificate_number(join_request),
    )
    join_request.organisation = mettmann
    join_request.status = JoinRequest.Status.APPROVED
    join_request.decided_at, join_request.decided_by = timezone.now(), editor
    join_request.save()


def load() -> None:
    editor = User.objects.get(email=EDITOR)
    _news(_news_index())
    for organisation in Organisation.objects.filter(status=Organisation.Status.ACTIVE):
        PartnerListing.objects.get_or_create(organisation=organisation, defaults={"note": "Demo"})
    _mettmann_certificate(editor)
    JoinRequest.objects.get_or_create(
        organisation_name="Stadt Musterhausen",
        contact_email="m.muster@musterhausen.example",
        defaults={
            "kind": Organisation.Kind.KOMMUNE,
            "region": Organisation.Region.DETMOLD,
            "contact_name": "Maria Muster",
            "contact_position": "Personalamt, Arbeitsschutz",
            "message": "Wir möchten unsere Erfahrungen mit dem Hausverbot im Bürgerbüro teilen.",
            "consent": True,
            "listing_consent": True,
        },
    )
