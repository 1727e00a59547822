"""Membership endpoints of the JSON API (/api/memberships/...). The same selectors, permission
look-ups and services as the members-area pages: an id outside what the caller may act on is 404, a
refused action 403, bad input 400 (the errors are answered by the project API, cms/api.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Router, Schema

from ..access import member_viewer, viewer_for
from ..http import client_ip
from ..models import Membership
from . import selectors, services
from .permissions import decidable_membership_access, membership_access, organisation_access

router = Router(tags=["Mitgliedschaften"])


class PersonOut(Schema):
    id: int
    name: str
    email: str
    position: str


class MembershipDetailOut(Schema):
    id: int
    person: PersonOut
    organisation_id: int
    organisation: str
    role: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    reason: str


class RejectIn(Schema):
    reason: str


class RoleIn(Schema):
    role: str


def _membership_out(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "person": {
            "id": m.user.pk,
            "name": m.user.get_full_name(),
            "email": m.user.email,
            "position": m.user.position,
        },
        "organisation_id": m.organisation_id,
        "organisation": m.organisation.name,
        "role": m.role,
        "status": m.status,
        "created_at": m.created_at,
        "decided_at": m.decided_at,
        "reason": m.reason,
    }


@router.get("/pending", response=list[MembershipDetailOut], summary="Offene Anträge, die ich entscheide")
def pending(request):
    viewer = member_viewer(request.user)
    return [_membership_out(m) for m in selectors.membership_pending_for_viewer(viewer)]


@router.get(
    "/organisations/{organisation_id}",
    response=list[MembershipDetailOut],
    summary="Aktive Mitglieder einer Organisation, die ich betreue",
)
def organisation_members(request, organisation_id: int):
    viewer = member_viewer(request.user)
    members = selectors.membership_list_for_organisation(viewer, organisation_access(viewer, organisation_id))
    return [_membership_out(m) for m in members.select_related("organisation")]


@router.get("/{membership_id}", response=MembershipDetailOut, summary="Eine Mitgliedschaft")
def membership_detail(request, membership_id: int):
    return _membership_out(membership_access(viewer_for(request.user), membership_id))


@router.post("/{membership_id}/approve", response=MembershipDetailOut, summary="Antrag freigeben")
def approve(request, membership_id: int):
    membership = decidable_membership_access(member_viewer(request.user), membership_id)
    result = services.membership_approve(
        actor=request.user, membership=membership, ip_address=client_ip(request)
    )
    return _membership_out(result)


@router.post(
    "/{membership_id}/reject", response=MembershipDetailOut, summary="Antrag mit Begründung ablehnen"
)
def reject(request, membership_id: int, payload: RejectIn):
    membership = decidable_membership_access(member_viewer(request.user), membership_id)
    result = services.membership_reject(
        actor=request.user, membership=membership, reason=payload.reason, ip_address=client_ip(request)
    )
    return _membership_out(result)


@router.post("/{membership_id}/role", response=MembershipDetailOut, summary="Rolle ändern")
def change_role(request, membership_id: int, payload: RoleIn):
    membership = decidable_membership_access(member_viewer(request.user), membership_id)
    result = services.membership_set_role(
        actor=request.user, membership=membership, role=payload.role, ip_address=client_ip(request)
    )
    return _membership_out(result)


@router.post("/{membership_id}/end", response=MembershipDetailOut, summary="Mitgliedschaft beenden")
def end(request, membership_id: int):
    membership = membership_access(viewer_for(request.user), membership_id)
    result = services.membership_end(
        actor=request.user,
        membership=membership,
        ip_address=client_ip(request),
        current_session_key=getattr(getattr(request, "session", None), "session_key", None),
    )
    return _membership_out(result)
