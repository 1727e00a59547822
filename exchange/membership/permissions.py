"""Who may decide on memberships, invite, and read the security log, built on :mod:`exchange.access`.

The ``*_access`` helpers fetch one object within what the viewer may act on, or raise ``Http404``
(with a German message the API shows): another organisation's ids say nothing (no IDOR).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..access import Viewer, is_admin
from ..models import Invitation, Membership, Organisation, User


def can_decide_for(viewer: Viewer, organisation_id: int) -> bool:
    """Partner contacts of the organisation and editors manage its memberships."""
    return viewer.is_editor or organisation_id in viewer.partner_organisation_ids


def can_approve_membership(viewer: Viewer, membership: Membership) -> bool:
    """Approve or reject a pending request: not one's own, only for an organisation one manages."""
    if membership.status != Membership.Status.PENDING or membership.user_id == viewer.user_id:
        return False
    return can_decide_for(viewer, membership.organisation_id)


def can_end_membership(viewer: Viewer, membership: Membership) -> bool:
    """A person may leave; partner contacts and editors may end others' memberships."""
    if membership.status not in (Membership.Status.ACTIVE, Membership.Status.PENDING):
        return False
    if viewer.user_id is not None and membership.user_id == viewer.user_id:
        return True
    return can_decide_for(viewer, membership.organisation_id)


def can_change_role(viewer: Viewer, membership: Membership) -> bool:
    """Editors and the organisation's partner contacts change roles of others' active memberships."""
    if membership.status != Membership.Status.ACTIVE or membership.user_id == viewer.user_id:
        return False
    return can_decide_for(viewer, membership.organisation_id)


def can_invite(viewer: Viewer, organisation: Organisation, role: str = Membership.Role.MEMBER) -> bool:
    """Partner contacts invite colleagues as members; editors invite anyone with any role."""
    if organisation.status != Organisation.Status.ACTIVE:
        return False
    if viewer.is_editor:
        return True
    return role == Membership.Role.MEMBER and organisation.pk in viewer.partner_organisation_ids


def memberships_decidable_by(viewer: Viewer) -> QuerySet[Membership]:
    """Memberships whose organisation the viewer manages (all for editors, none for others)."""
    if viewer.is_editor:
        return Membership.objects.all()
    return Membership.objects.filter(organisation_id__in=viewer.partner_organisation_ids)


def memberships_in_reach(viewer: Viewer) -> QuerySet[Membership]:
    """Memberships a person may look at or act on: their own, and those they may decide on."""
    return Membership.objects.filter(
        Q(user_id=viewer.user_id) | Q(pk__in=memberships_decidable_by(viewer))
    ).select_related("user", "organisation")


def membership_access(viewer: Viewer, pk: int) -> Membership:
    """A membership of the viewer or of an organisation the viewer manages; else 404."""
    membership = memberships_in_reach(viewer).filter(pk=pk).first()
    if membership is None:
        raise Http404(_("Mitgliedschaft nicht gefunden."))
    return membership


def decidable_membership_access(viewer: Viewer, pk: int) -> Membership:
    """A membership of an organisation the viewer manages (not merely their own); else 404."""
    membership = memberships_decidable_by(viewer).select_related("user", "organisation").filter(pk=pk).first()
    if membership is None:
        raise Http404(_("Mitgliedschaft nicht gefunden."))
    return membership


def organisations_managed_by(viewer: Viewer) -> QuerySet[Organisation]:
    """The active organisations whose memberships the viewer manages."""
    qs = Organisation.objects.filter(status=Organisation.Status.ACTIVE)
    if not viewer.is_editor:
        qs = qs.filter(pk__in=viewer.partner_organisation_ids)
    return qs.order_by("name")


def organisation_access(viewer: Viewer, pk: int) -> Organisation:
    """An organisation whose memberships the viewer manages; else 404."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not can_decide_for(viewer, organisation.pk):
        raise Http404(_("Organisation nicht gefunden."))
    return organisation


def invitation_access(viewer: Viewer, pk: int) -> Invitation:
    """An invitation to an organisation the viewer manages; else 404."""
    invitation = Invitation.objects.filter(organisation__in=organisations_managed_by(viewer), pk=pk).first()
    if invitation is None:
        raise Http404(_("Einladung nicht gefunden."))
    return invitation


def can_view_audit_log(viewer: Viewer, user: User | AnonymousUser | None = None) -> bool:
    return viewer.is_editor or is_admin(user)
