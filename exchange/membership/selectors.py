"""Reads around memberships: requests, organisations, invitations, the security log."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from ..access import Viewer
from ..models import AuditEvent, Invitation, Membership, MembershipQuerySet, Organisation, User
from .permissions import memberships_decidable_by, organisations_managed_by


def membership_list_for_user(user: User) -> MembershipQuerySet:
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


def audit_event_list(*, kind: str = "") -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor", "subject", "organisation").order_by("-created_at", "-id")
    return qs.filter(kind=kind) if kind else qs
