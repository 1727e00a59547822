"""Reads of the exchange app, always scoped to what the viewer may see."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.models import APIToken

from .models import (
    AuditEvent,
    Category,
    Invitation,
    Membership,
    Organisation,
    Post,
    Thread,
    User,
    WorkingGroup,
)
from .permissions import (
    Viewer,
    categories_visible_to,
    memberships_decidable_by,
    profiles_visible_to,
    threads_visible_to,
)


def category_list_for_viewer(viewer: Viewer) -> QuerySet[Category]:
    return (
        categories_visible_to(viewer)
        .annotate(
            thread_count=Count("threads", distinct=True),
            last_activity=Max("threads__last_activity_at"),
        )
        .order_by("position", "name")
    )


def thread_list_for_viewer(viewer: Viewer, *, category: Category | None = None) -> QuerySet[Thread]:
    qs = threads_visible_to(viewer).select_related("category", "author")
    if category is not None:
        qs = qs.filter(category=category)
    return qs.order_by("-last_activity_at")


def post_list_for_thread(thread: Thread) -> QuerySet[Post]:
    return thread.posts.filter(is_hidden=False).select_related("author").order_by("created_at", "id")


# --- Membership -------------------------------------------------------------------------------


def membership_list_for_user(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def membership_pending_for_viewer(viewer: Viewer) -> QuerySet[Membership]:
    """Pending requests the viewer may decide; only people whose e-mail address is verified."""
    verified = EmailAddress.objects.filter(user_id=OuterRef("user_id"), verified=True)
    return (
        memberships_decidable_by(viewer)
        .filter(status=Membership.Status.PENDING, user__is_active=True)
        .filter(Exists(verified))
        .exclude(user_id=viewer.user_id or 0)
        .select_related("user", "organisation")
        .order_by("created_at", "id")
    )


def membership_list_for_organisation(viewer: Viewer, organisation: Organisation) -> QuerySet[Membership]:
    """The active members of an organisation the viewer manages (empty otherwise)."""
    return (
        memberships_decidable_by(viewer)
        .filter(organisation=organisation, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def organisations_managed_by(viewer: Viewer) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(status=Organisation.Status.ACTIVE)
    if not viewer.is_editor:
        qs = qs.filter(pk__in=viewer.partner_organisation_ids)
    return qs.order_by("name")


def invitation_list_open_for_viewer(viewer: Viewer) -> QuerySet[Invitation]:
    orgs = organisations_managed_by(viewer)
    return (
        Invitation.objects.filter(
            organisation__in=orgs,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


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
    active = Membership.objects.filter(
        status=Membership.Status.ACTIVE, organisation__status=Organisation.Status.ACTIVE
    )
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


def audit_event_list(*, kind: str = "") -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor", "subject", "organisation").order_by("-created_at", "-id")
    return qs.filter(kind=kind) if kind else qs


def api_token_list_for_user(user: User) -> QuerySet[APIToken]:
    return APIToken.objects.filter(user=user).order_by("revoked_at", "-created")


def user_data_export(user: User) -> dict[str, Any]:
    """Everything stored about a person (DSGVO Art. 15/20), as JSON-ready data. No secrets."""

    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "exportiert_am": timezone.now().isoformat(),
        "person": {
            "id": user.pk,
            "email": user.email,
            "vorname": user.first_name,
            "nachname": user.last_name,
            "funktion": user.position,
            "telefon": user.phone,
            "profil_sichtbar_fuer": user.profile_visibility,
            "aktiv": user.is_active,
            "registriert_am": iso(user.date_joined),
            "letzte_anmeldung": iso(user.last_login),
        },
        "email_adressen": [
            {"email": e.email, "bestaetigt": e.verified, "primaer": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "mitgliedschaften": [
            {
                "organisation": m.organisation.name,
                "rolle": m.role,
                "status": m.status,
                "beantragt_am": iso(m.created_at),
                "entschieden_am": iso(m.decided_at),
                "begruendung": m.reason,
            }
            for m in membership_list_for_user(user)
        ],
        "arbeitsgruppen": list(user.working_groups.order_by("name").values_list("name", flat=True)),
        "themen": [
            {"id": t.pk, "titel": t.title, "erstellt_am": iso(t.created_at)}
            for t in Thread.objects.filter(author=user).order_by("created_at")
        ],
        "beitraege": [
            {"id": p.pk, "thema_id": p.thread_id, "text": p.body, "erstellt_am": iso(p.created_at)}
            for p in Post.objects.filter(author=user).order_by("created_at")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "praefix": t.prefix,
                "erstellt_am": iso(t.created),
                "zuletzt_benutzt": iso(t.last_used_at),
                "widerrufen_am": iso(t.revoked_at),
            }
            for t in api_token_list_for_user(user)
        ],
        "protokoll": [
            {"zeitpunkt": iso(e.created_at), "ereignis": e.kind, "ip_adresse": e.ip_address}
            for e in AuditEvent.objects.filter(subject=user).order_by("created_at")[:1000]
        ],
    }
