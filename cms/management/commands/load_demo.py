"""Demo content in German, written from public facts about the network only (no invented figures).

Idempotent: objects are found by their natural keys and left alone when they exist.
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cms.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, desk, forum, practices, saved_searches
from cms.demo import events as demo_events
from cms.demo import guide as guide_demo
from cms.demo import messages as demo_messages
from cms.demo import network as network_demo
from cms.models import (
    TERM_VOCABULARIES,
    FeaturedPractice,
    PracticeOfTheMonth,
    PracticePage,
    Term,
    TopicCollection,
    TopicCollectionItem,
)
from cms.setup import site_setup
from exchange.forum import services as forum_services
from exchange.models import Category, Membership, Organisation, Thread, User, WorkingGroup
from exchange.people import services as people_services

ORGANISATIONS = [
    ("Polizeipräsidium Münster", "polizei", "muenster", "https://muenster.polizei.nrw"),
    ("Stadt Gütersloh", "kommune", "detmold", "https://www.guetersloh.de"),
    ("Stadt Bonn", "kommune", "koeln", "https://www.bonn.de"),
    ("Polizeipräsidium Recklinghausen", "polizei", "muenster", "https://recklinghausen.polizei.nrw"),
    ("Kreis Mettmann", "kreis", "duesseldorf", "https://www.kreis-mettmann.de"),
]

# email, first name, last name, position, organisation, role, membership status, editor, groups
USERS = [
    (
        "redaktion@sicherimdienst.example",
        "Rita",
        "Redaktion",
        "Geschäftsstelle #sicherimDienst",
        "Polizeipräsidium Münster",
        "member",
        "active",
        True,
        [],
    ),
    (
        "partner@sicherimdienst.example",
        "Paul",
        "Partner",
        "Ansprechperson Gewaltprävention",
        "Stadt Gütersloh",
        "partner_contact",
        "active",
        False,
        [],
    ),
    (
        "mitglied@sicherimdienst.example",
        "Mia",
        "Mitglied",
        "Sachbearbeitung Arbeitsschutz",
        "Stadt Bonn",
        "member",
        "active",
        False,
        ["AG Meldesysteme"],
    ),
    (
        "kollege@sicherimdienst.example",
        "Karl",
        "Kollege",
        "Personalentwicklung",
        "Kreis Mettmann",
        "member",
        "active",
        False,
        [],
    ),
    (
        "wartend@sicherimdienst.example",
        "Wanda",
        "Wartend",
        "Bürgerbüro",
        "Stadt Bonn",
        "member",
        "pending",
        False,
        [],
    ),
]


def _rich(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


PRACTICES: list[dict[str, Any]] = [
    {
        "title": "Gütersloher Modell: Kennzeichnung von Schulen",
        "terms": {
            "target_groups": ["Lehrkräfte / Schulen", "Operativ- und Einsatzkräfte"],
            "professional_fields": ["Bildung und Erziehung", "Rettungsdienst und Feuerwehr"],
            "phases": ["Vorsorge", "Handling"],
            "measure_types": ["baulich-technisch"],
            "threat_levels": ["Stufe 3: Waffen, Geiselnahme, Amok"],
        },
        "region": "detmold",
        "organisation": "Stadt Gütersloh",
        "audience": "public",
        "status": "operation",
        "summary": "Schulgebäude werden einheitlich gekennzeichnet, damit Einsatzkräfte im Notfall Räume "
        "und Eingänge schnell finden.",
        "body": [
            (
                "text",
                _rich(
                    "Im Notfall zählt jede Minute. Polizei, Feuerwehr und Rettungsdienst kennen die Gebäude "
                    "einer Schule meist nicht von innen. Das Gütersloher Modell setzt deshalb auf eine "
                    "Kennzeichnung der Schulen mit Orientierungsschildern.",
                    "Gebäude, Eingänge und Räume werden so beschriftet, dass sich ortsfremde Einsatzkräfte "
                    "ohne Ortskenntnis zurechtfinden.",
                ),
            ),
            (
                "step",
                {
                    "title": "Bestandsaufnahme",
                    "text": _rich("Gebäude, Zugänge und Raumbezeichnungen der Schule erfassen."),
                },
            ),
            (
                "step",
                {
                    "title": "Einheitliche Beschilderung",
                    "text": _rich("Orientierungsschilder nach einem gemeinsamen Schema anbringen."),
                },
            ),
            (
                "step",
                {
                    "title": "Abstimmung mit den Einsatzkräften",
                    "text": _rich("Das Schema mit Polizei, Feuerwehr und Rettungsdienst abstimmen."),
                },
            ),
        ],
    },
    {
        "title": "Melde- und Auskunftssystem für Übergriffe auf Beschäftigte",
        "terms": {
            "target_groups": ["Innendienst mit Publikumsverkehr", "Außendienst"],
            "professional_fields": ["Kommunalverwaltung"],
            "phases": ["Vorsorge", "Nachsorge"],
            "measure_types": ["organisatorisch"],
            "incident_types": ["Beleidigung", "Bedrohung", "körperlicher Angriff"],
        },
        "region": "koeln",
        "staff_council_involved": True,
        "data_protection_involved": True,
        "organisation": "Stadt Bonn",
        "audience": "members",
        "status": "operation",
        "summary": "Die Stadt Bonn hat ein Melde- und Auskunftssystem eingeführt, in dem Beschäftigte "
        "Übergriffe wie Beleidigungen, Bedrohungen und Angriffe melden.",
        "body": [
            (
                "text",
                _rich(
                    "Wer Übergriffe nicht kennt, kann nicht gegensteuern. Mit dem Melde- und Auskunftssystem "
                    "erfasst die Stadtverwaltung Vorfälle gegen ihre Beschäftigten an einer Stelle.",
                    "Die Meldungen zeigen, wo Beschäftigte mit Publikumsverkehr besonders belastet sind, und "
                    "sind Grundlage für Gefährdungsbeurteilung und Nachsorge.",
                ),
            ),
        ],
    },
    {
        "title": "BIUS: berufsgruppenspezifisches Interventions- und Sicherheitstraining",
        "terms": {
            "target_groups": ["Außendienst", "Innendienst mit Publikumsverkehr"],
            "professional_fields": ["Polizei und Zoll", "Kommunalverwaltung"],
            "phases": ["Vorsorge", "Handling"],
            "measure_types": ["personenbezogen"],
            "incident_types": ["Bedrohung", "körperlicher Angriff"],
        },
        "region": "muenster",
        "organisation": "Polizeipräsidium Recklinghausen",
        "audience": "members",
        "status": "operation",
        "summary": "Ein Sicherheitstraining, das auf die Aufgaben der jeweiligen Berufsgruppe zugeschnitten "
        "ist: Deeskalation, Eigensicherung und Verhalten bei Angriffen.",
        "body": [
            (
                "text",
                _rich(
                    "Beschäftigte im Außendienst und im Innendienst mit Publikumsverkehr erleben andere "
                    "Situationen als Einsatzkräfte. BIUS setzt deshalb auf ein berufsgruppenspezifisches "
                    "Training statt auf ein Einheitsprogramm.",
                    "Im Mittelpunkt stehen Deeskalation, das Erkennen von Warnsignalen und das richtige "
                    "Verhalten, wenn ein Gespräch in Bedrohung oder einen Angriff umschlägt.",
                ),
            ),
        ],
    },
    {
        "title": "Sicherheitskonzept gegen Gewalt mit Notfallmanagement",
        "terms": {
            "target_groups": ["Innendienst mit Publikumsverkehr", "Führungskräfte"],
            "professional_fields": ["Kommunalverwaltung"],
            "phases": ["Vorsorge", "Handling", "Nachsorge"],
            "measure_types": ["organisatorisch", "personenbezogen"],
        },
        "region": "duesseldorf",
        "organisation": "Kreis Mettmann",
        "audience": "members",
        "status": "operation",
        "started_year": 2020,
        "summary": "Das Sicherheitskonzept des Kreises Mettmann aus dem Jahr 2020 wird durch "
        "Notfallmanagement, interne Schulungen und einen Leitfaden für alle Beschäftigten ergänzt.",
        "body": [
            (
                "text",
                _rich(
                    "Der Kreis Mettmann hat 2020 ein Sicherheitskonzept gegen Gewalt am Arbeitsplatz "
                    "beschlossen. Es wird ergänzt durch ein Notfallmanagement, interne Schulungen und einen "
                    "Leitfaden, der allen Beschäftigten Orientierung gibt."
                ),
            ),
        ],
    },
    {
        "title": "AMBOSafe: Befragung zu Angriffen auf Beschäftigte",
        "terms": {
            "target_groups": ["Operativ- und Einsatzkräfte", "Rettungsdienst"],
            "professional_fields": ["Polizei und Zoll", "Rettungsdienst und Feuerwehr"],
            "phases": ["Vorsorge"],
            "measure_types": ["organisatorisch"],
        },
        "region": "landesweit",
        "organisation": "Polizeipräsidium Münster",
        "audience": "public",
        "status": "evaluated",
        "summary": "Forschungsbefragung zu Angriffen auf Beschäftigte von Behörden und Organisationen mit "
        "Sicherheitsaufgaben, vorgestellt von der Geschäftsstelle des Netzwerks.",
        "body": [
            (
                "text",
                _rich(
                    "AMBOSafe ist eine wissenschaftliche Befragung zu Angriffen auf Beschäftigte von "
                    "Behörden und Organisationen mit Sicherheitsaufgaben. Die Ergebnisse helfen, "
                    "Prävention dort anzusetzen, wo Übergriffe tatsächlich geschehen."
                ),
            ),
        ],
    },
]

CATEGORIES = [
    ("Allgemeiner Austausch", "Fragen und Hinweise rund um Gewaltprävention im öffentlichen Dienst.", []),
    ("Praxisfragen", "Wie habt ihr es umgesetzt? Fragen zu konkreten Praxisbeispielen.", []),
    ("AG Meldesysteme (intern)", "Interner Bereich der Arbeitsgruppe Meldesysteme.", ["AG Meldesysteme"]),
]

THREADS = [
    (
        "Praxisfragen",
        "mitglied@sicherimdienst.example",
        "Wie habt ihr den Personalrat beim Meldesystem eingebunden?",
        "Wir planen ein Meldesystem für Übergriffe auf Beschäftigte. **Wann** habt ihr den Personalrat "
        "und die Datenschutzbeauftragte einbezogen?",
        [
            (
                "partner@sicherimdienst.example",
                "Bei uns waren Personalrat und Datenschutz von Anfang an in der Projektgruppe. Das hat die "
                "Einführung deutlich erleichtert.",
            )
        ],
    ),
    (
        "Allgemeiner Austausch",
        "kollege@sicherimdienst.example",
        "Erfahrungen mit der Kennzeichnung von Schulgebäuden?",
        "Wir überlegen, das Gütersloher Modell zu übernehmen. Wer hat Erfahrungen mit der "
        "Beschilderung von Schulen?",
        [],
    ),
    (
        "AG Meldesysteme (intern)",
        "mitglied@sicherimdienst.example",
        "Entwurf: gemeinsame Kategorien für Vorfallmeldungen",
        "Zur Abstimmung in der AG: Beleidigung, Bedrohung, Nötigung, körperlicher Angriff, "
        "Sachbeschädigung, Hausfriedensbruch.",
        [],
    ),
]


class Command(BaseCommand):
    help = "Load German demo content (organisations, people, best practices, forum). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        _home, index, editors = site_setup()
        orgs = self._organisations()
        groups = {
            name: WorkingGroup.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
            for name in ("AG Meldesysteme",)
        }
        users = self._users(orgs, groups, editors)
        self._practices(index, orgs)
        self._forum(users, groups)
        practices.load()
        forum.load()
        desk.load()
        demo_events.load()
        network_demo.load()
        saved_searches.load()
        guide_demo.load()
        demo_messages.load()
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte geladen. Demo-Zugänge (nur zum Ausprobieren):"))
        for email, _first, _last, _position, org, role, status, editor, _groups in USERS:
            if editor:
                label = "Redaktion"
            elif status == "pending":
                label = "Mitgliedschaft beantragt, noch nicht freigegeben"
            else:
                label = f"{Membership.Role(role).label}, {org}"
            self.stdout.write(f"  {email:<36} {DEMO_PASSWORD}   ({label})")
        self.stdout.write(
            "  Zwei-Faktor-Anmeldung der Redaktion (TOTP, nur Demo): Schlüssel "
            f"{DEMO_TOTP_SECRET} in eine Authenticator-App eintragen, oder\n"
            f"  otpauth://totp/%23sicherimDienst:redaktion%40sicherimdienst.example?secret={DEMO_TOTP_SECRET}"
            "&issuer=%23sicherimDienst"
        )

    def _organisations(self) -> dict[str, Organisation]:
        orgs = {}
        for name, kind, region, website in ORGANISATIONS:
            orgs[name], _ = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "slug": slugify(name),
                    "kind": kind,
                    "region": region,
                    "website": website,
                    "joined_on": datetime.date(2022, 1, 1),
                },
            )
        return orgs

    def _users(self, orgs, groups, editors: Group) -> dict[str, User]:
        users = {}
        for email, first, last, position, org, role, status, editor, group_names in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email,
                    DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    position=position,
                    profile_visibility=User.Visibility.MEMBERS,
                )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            Membership.objects.get_or_create(
                user=user, organisation=orgs[org], defaults={"role": role, "status": status}
            )
            if editor:
                people_services.totp_enrol(user=user, secret=DEMO_TOTP_SECRET)  # before joining the editors
                user.groups.add(editors)
            for name in group_names:
                groups[name].members.add(user)
            users[email] = user
        return users

    def _practices(self, index, orgs) -> None:
        for spec in PRACTICES:
            slug = slugify(spec["title"])[:80]
            if PracticePage.objects.filter(slug=slug).exists():
                continue
            page = PracticePage(
                title=spec["title"],
                slug=slug,
                summary=spec["summary"],
                organisation=orgs[spec["organisation"]],
                audience=spec["audience"],
                status=spec["status"],
                started_year=spec.get("started_year"),
                region=spec.get("region", ""),
                staff_council_involved=spec.get("staff_council_involved", False),
                data_protection_involved=spec.get("data_protection_involved", False),
                body=spec["body"],
            )
            index.add_child(instance=page)
            for field, names in spec.get("terms", {}).items():
                vocabulary = TERM_VOCABULARIES[field]
                getattr(page, field).set(Term.objects.filter(vocabulary=vocabulary, name__in=names))
            page.save_revision().publish()
        self._curation()

    def _curation(self) -> None:
        """The Gütersloher Modell as "Praxis des Monats" and a topic collection (once)."""
        first = PracticePage.objects.filter(slug=slugify(PRACTICES[0]["title"])[:80]).first()
        if first is not None:
            PracticeOfTheMonth.objects.get_or_create(
                month=timezone.localdate().replace(day=1),
                defaults={"page": first, "teaser": "Orientierung für Einsatzkräfte – einfach übertragbar."},
            )
            if not FeaturedPractice.objects.exists():
                FeaturedPractice.objects.create(page=first, position=0)
        topic, created = TopicCollection.objects.get_or_create(
            slug="meldesysteme",
            defaults={
                "title": "Meldesysteme",
                "intro": "Wie Verwaltungen Übergriffe erfassen und auswerten.",
            },
        )
        if created:
            for position, title in enumerate(PRACTICES[1:2] + PRACTICES[4:5]):
                page = PracticePage.objects.filter(slug=slugify(title["title"])[:80]).first()
                if page is not None:
                    TopicCollectionItem.objects.create(collection=topic, page=page, sort_order=position)

    def _forum(self, users, groups) -> None:
        categories = {}
        for position, (name, description, group_names) in enumerate(CATEGORIES):
            category, created = Category.objects.get_or_create(
                name=name, defaults={"slug": slugify(name), "description": description, "position": position}
            )
            if created:
                category.working_groups.set([groups[g] for g in group_names])
            categories[name] = category
        for category_name, author, title, body, replies in THREADS:
            if Thread.objects.filter(title=title).exists():
                continue
            thread = forum_services.thread_create(
                author=users[author], category=categories[category_name], title=title, body=body
            )
            for reply_author, reply in replies:
                forum_services.post_create(author=users[reply_author], thread=thread, body=reply)
