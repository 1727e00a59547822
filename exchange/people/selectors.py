"""Reads about people: the directory, a person's tokens and data export, their interests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.models import APIToken

from cms.models import Term

from ..access import Viewer
from ..membership.selectors import membership_list_for_user
from ..messages.selectors import messages_export
from ..models import (
    AuditEvent,
    Flag,
    Membership,
    NotificationSettings,
    Organisation,
    Post,
    Reaction,
    Thread,
    User,
    WorkingGroup,
)
from .extensions import export_sections
from .permissions import profiles_visible_to


def directory_for_viewer(
    viewer: Viewer,
    *,
    q: str = "",
    organisation: Organisation | None = None,
    region: str = "",
    position: str = "",
    working_group: WorkingGroup | None = None,
) -> QuerySet[User]:
    """Colleagues the viewer may see (profile visibility respected), filtered; memberships prefetched."""
    people = profiles_visible_to(viewer)
    active = Membership.objects.effective()
    if organisation is not None:
        people = people.filter(Exists(active.filter(user_id=OuterRef("pk"), organisation=organisation)))
    if region:
        people = people.filter(Exists(active.filter(user_id=OuterRef("pk"), organisation__region=region)))
    if position:
        people = people.filter(position__icontains=position.strip())
    if working_group is not None:
        people = people.filter(working_groups=working_group)
    for word in q.split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return (
        people.prefetch_related(
            Prefetch(
                "memberships",
                queryset=active.select_related("organisation").order_by("organisation__name"),
                to_attr="active_memberships",
            ),
            Prefetch("working_groups", queryset=WorkingGroup.objects.order_by("name")),
        )
        .order_by("last_name", "first_name", "email")
        .distinct()
    )


def api_token_list_for_user(user: User) -> QuerySet[APIToken]:
    return APIToken.objects.filter(user=user).order_by("revoked_at", "-created")


def user_data_export(user: User) -> dict[str, Any]:
    """Everything stored about a person (DSGVO Art. 15/20), as JSON-ready data. No secrets."""
    return {
        "exportiert_am": timezone.now().isoformat(),
        "person": _export_person(user),
        **_export_memberships(user),
        **_export_participation(user),
        **_export_security(user),
        **export_sections(user),
        "gespeicherte_suchen": [  # exchange.alerts
            {
                "name": s.name,
                "suche": s.query,
                "filter": s.filters,
                "email": s.frequency,
                "seit": _iso(s.created_at),
            }
            for s in user.saved_searches.order_by("created_at")
        ],
        "nachrichten": messages_export(user),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _export_person(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "vorname": user.first_name,
        "nachname": user.last_name,
        "funktion": user.position,
        "telefon": user.phone,
        "kurzname": user.handle,
        "profil_sichtbar_fuer": user.profile_visibility,
        "aktiv": user.is_active,
        "registriert_am": _iso(user.date_joined),
        "letzte_anmeldung": _iso(user.last_login),
    }


def _export_memberships(user: User) -> dict[str, Any]:
    return {
        "email_adressen": [
            {"email": e.email, "bestaetigt": e.verified, "primaer": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "mitgliedschaften": [
            {
                "organisation": m.organisation.name,
                "rolle": m.role,
                "status": m.status,
                "beantragt_am": _iso(m.created_at),
                "entschieden_am": _iso(m.decided_at),
                "begruendung": m.reason,
            }
            for m in membership_list_for_user(user)
        ],
        "arbeitsgruppen": list(user.working_groups.order_by("name").values_list("name", flat=True)),
    }


def _export_participation(user: User) -> dict[str, Any]:
    """Follows, the e-mail choice, and what the person wrote, marked and reported in the forum."""
    email_choice = NotificationSettings.objects.filter(user=user).values_list("email", flat=True)
    return {
        "abonnements": [
            {
                "thema_id": f.thread_id,
                "kategorie_id": f.category_id,
                "stufe": f.level,
                "seit": _iso(f.created_at),
            }
            for f in user.follows.order_by("created_at")
        ],
        "email_benachrichtigungen": next(iter(email_choice), "digest"),
        "themen": [
            {"id": t.pk, "titel": t.title, "erstellt_am": _iso(t.created_at)}
            for t in Thread.objects.filter(author=user).order_by("created_at")
        ],
        "beitraege": [
            {"id": p.pk, "thema_id": p.thread_id, "text": p.body, "erstellt_am": _iso(p.created_at)}
            for p in Post.objects.filter(author=user).order_by("created_at")
        ],
        "hilfreich_markiert": [
            {"beitrag_id": r.post_id, "am": _iso(r.created_at)}
            for r in Reaction.objects.filter(user=user).order_by("created_at")
        ],
        "meldungen": [
            {"beitrag_id": f.post_id, "grund": f.reason, "am": _iso(f.created_at)}
            for f in Flag.objects.filter(reporter=user).order_by("created_at")
        ],
    }


def _export_security(user: User) -> dict[str, Any]:
    """The person's API tokens (name and prefix, never the secret) and their security log."""
    return {
        "api_tokens": [
            {
                "name": t.name,
                "praefix": t.prefix,
                "erstellt_am": _iso(t.created),
                "zuletzt_benutzt": _iso(t.last_used_at),
                "widerrufen_am": _iso(t.revoked_at),
            }
            for t in api_token_list_for_user(user)
        ],
        "protokoll": [
            {"zeitpunkt": _iso(e.created_at), "ereignis": e.kind, "ip_adresse": e.ip_address}
            for e in AuditEvent.objects.filter(subject=user).order_by("created_at")[:1000]
        ],
    }


# --- Interests (the members' start page shows matching practices and threads first) ---------------

# Suggestions from the kind of organisation until a person saves own interests in the profile.
KIND_PROFESSIONAL_FIELDS: dict[str, str] = {
    Organisation.Kind.KOMMUNE: "Kommunalverwaltung",
    Organisation.Kind.KREIS: "Kommunalverwaltung",
    Organisation.Kind.POLIZEI: "Polizei und Zoll",
    Organisation.Kind.LANDESBEHOERDE: "Landes- und Bundesverwaltung",
    Organisation.Kind.SCHULE: "Bildung und Erziehung",
    Organisation.Kind.HOCHSCHULE: "Wissenschaft und Kultur",
}
KIND_TARGET_GROUPS: dict[str, str] = {
    Organisation.Kind.KOMMUNE: "Innendienst mit Publikumsverkehr",
    Organisation.Kind.KREIS: "Innendienst mit Publikumsverkehr",
    Organisation.Kind.POLIZEI: "Operativ- und Einsatzkräfte",
    Organisation.Kind.SCHULE: "Lehrkräfte / Schulen",
}


@dataclass(frozen=True)
class Interests:
    """What the members' start page shows first: taxonomy term ids and a region code."""

    target_group_ids: frozenset[int] = frozenset()
    professional_field_ids: frozenset[int] = frozenset()
    region: str = ""
    suggested: bool = False  # True: derived from the organisation, not saved by the person

    def __bool__(self) -> bool:
        return bool(self.target_group_ids or self.professional_field_ids or self.region)


def member_interests(user: User) -> Interests:
    """The person's saved interests; without any, suggestions from the first active organisation."""
    target_groups = frozenset(user.interest_target_groups.values_list("pk", flat=True))
    fields = frozenset(user.interest_professional_fields.values_list("pk", flat=True))
    if target_groups or fields or user.interest_region:
        return Interests(target_groups, fields, user.interest_region)
    membership = (
        Membership.objects.effective()
        .filter(user=user)
        .select_related("organisation")
        .order_by("created_at", "pk")
        .first()
    )
    if membership is None:
        return Interests()
    kind = membership.organisation.kind

    def term_ids(vocabulary: str, name: str | None) -> frozenset[int]:
        if not name:
            return frozenset()
        qs = Term.objects.filter(vocabulary=vocabulary, name=name)
        return frozenset(qs.values_list("pk", flat=True))

    return Interests(
        target_group_ids=term_ids("target_group", KIND_TARGET_GROUPS.get(kind)),
        professional_field_ids=term_ids("professional_field", KIND_PROFESSIONAL_FIELDS.get(kind)),
        region=membership.organisation.region,
        suggested=True,
    )


def interest_labels(interests: Interests) -> list[str]:
    """Readable names of the interests, for the start page's "Ihre Schwerpunkte" line."""
    ids = interests.target_group_ids | interests.professional_field_ids
    names = list(
        Term.objects.filter(pk__in=ids).order_by("vocabulary", "position").values_list("name", flat=True)
    )
    if interests.region:
        names.append(str(dict(Organisation.Region.choices).get(interests.region, interests.region)))
    return names
