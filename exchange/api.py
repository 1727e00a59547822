"""Exchange endpoints of the JSON API."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from . import selectors, services
from .http import client_ip
from .models import Membership, User
from .permissions import can_view_profile, memberships_decidable_by, memberships_in_reach, viewer_for

router = Router(tags=["Personen"])


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    role: str
    status: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    position: str
    is_member: bool
    is_editor: bool
    memberships: list[MembershipOut]
    working_groups: list[str]


@router.get("/me", response=MeOut, summary="Die angemeldete Person")
def me(request):
    user = request.user  # request.auth is the APIToken for bearer requests
    viewer = viewer_for(user)
    memberships = (
        Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")
    )
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.get_full_name(),
        "position": user.position,
        "is_member": viewer.is_member,
        "is_editor": viewer.is_editor,
        "memberships": [
            {
                "organisation_id": m.organisation_id,
                "organisation": m.organisation.name,
                "role": m.role,
                "status": m.status,
            }
            for m in memberships
        ],
        "working_groups": list(user.working_groups.order_by("name").values_list("name", flat=True)),
    }


# --- Memberships ------------------------------------------------------------------------------
# The same selectors, permission functions and services as the members-area pages: an id outside
# what the caller may act on is answered with 404, a refused action with 403, bad input with 400.

memberships_router = Router(tags=["Mitgliedschaften"])


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


class ErrorOut(Schema):
    detail: str


def _membership_out(m: Membership) -> dict:
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


def _member_viewer(request):
    viewer = viewer_for(request.user)
    if not viewer.is_member:
        raise HttpError(403, _("Nur für freigegebene Mitglieder."))
    return viewer


def _decidable(request, membership_id: int) -> Membership:
    viewer = _member_viewer(request)
    membership = (
        memberships_decidable_by(viewer)
        .select_related("user", "organisation")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise HttpError(404, _("Mitgliedschaft nicht gefunden."))
    return membership


def _act(call):
    try:
        return call()
    except PermissionDenied as exc:
        raise HttpError(403, _("Dazu sind Sie nicht berechtigt.")) from exc
    except ValidationError as exc:
        raise HttpError(400, " ".join(str(m) for m in exc.messages)) from exc


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@memberships_router.get(
    "/pending",
    response={200: list[MembershipDetailOut], **ERRORS},
    summary="Offene Anträge, die ich entscheide",
)
def pending(request):
    viewer = _member_viewer(request)
    return Status(200, [_membership_out(m) for m in selectors.membership_pending_for_viewer(viewer)])


@memberships_router.get(
    "/organisations/{organisation_id}",
    response={200: list[MembershipDetailOut], **ERRORS},
    summary="Aktive Mitglieder einer Organisation, die ich betreue",
)
def organisation_members(request, organisation_id: int):
    viewer = _member_viewer(request)
    organisation = selectors.organisations_managed_by(viewer).filter(pk=organisation_id).first()
    if organisation is None:
        raise HttpError(404, _("Organisation nicht gefunden."))
    members = selectors.membership_list_for_organisation(viewer, organisation).select_related("organisation")
    return Status(200, [_membership_out(m) for m in members])


@memberships_router.get(
    "/{membership_id}", response={200: MembershipDetailOut, **ERRORS}, summary="Eine Mitgliedschaft"
)
def membership_detail(request, membership_id: int):
    membership = memberships_in_reach(viewer_for(request.user)).filter(pk=membership_id).first()
    if membership is None:
        raise HttpError(404, _("Mitgliedschaft nicht gefunden."))
    return Status(200, _membership_out(membership))


@memberships_router.post(
    "/{membership_id}/approve", response={200: MembershipDetailOut, **ERRORS}, summary="Antrag freigeben"
)
def approve(request, membership_id: int):
    membership = _decidable(request, membership_id)
    result = _act(
        lambda: services.membership_approve(
            actor=request.user, membership=membership, ip_address=client_ip(request)
        )
    )
    return Status(200, _membership_out(result))


@memberships_router.post(
    "/{membership_id}/reject",
    response={200: MembershipDetailOut, **ERRORS},
    summary="Antrag mit Begründung ablehnen",
)
def reject(request, membership_id: int, payload: RejectIn):
    membership = _decidable(request, membership_id)
    result = _act(
        lambda: services.membership_reject(
            actor=request.user, membership=membership, reason=payload.reason, ip_address=client_ip(request)
        )
    )
    return Status(200, _membership_out(result))


@memberships_router.post(
    "/{membership_id}/role", response={200: MembershipDetailOut, **ERRORS}, summary="Rolle ändern"
)
def change_role(request, membership_id: int, payload: RoleIn):
    membership = _decidable(request, membership_id)
    result = _act(
        lambda: services.membership_set_role(
            actor=request.user, membership=membership, role=payload.role, ip_address=client_ip(request)
        )
    )
    return Status(200, _membership_out(result))


@memberships_router.post(
    "/{membership_id}/end", response={200: MembershipDetailOut, **ERRORS}, summary="Mitgliedschaft beenden"
)
def end(request, membership_id: int):
    membership = memberships_in_reach(viewer_for(request.user)).filter(pk=membership_id).first()
    if membership is None:
        raise HttpError(404, _("Mitgliedschaft nicht gefunden."))
    result = _act(
        lambda: services.membership_end(
            actor=request.user,
            membership=membership,
            ip_address=client_ip(request),
            current_session_key=getattr(getattr(request, "session", None), "session_key", None),
        )
    )
    return Status(200, _membership_out(result))


class ProfileOut(Schema):
    id: int
    name: str
    email: str
    position: str
    phone: str
    organisations: list[str]


@router.get("/people/{user_id}", response={200: ProfileOut, **ERRORS}, summary="Profil einer Person")
def person(request, user_id: int):
    viewer = _member_viewer(request)
    target = User.objects.filter(pk=user_id).first()
    if target is None or not can_view_profile(viewer, target):
        raise HttpError(404, _("Person nicht gefunden."))
    body = {
        "id": target.pk,
        "name": target.get_full_name(),
        "email": target.email,
        "position": target.position,
        "phone": target.phone,
        "organisations": list(
            target.memberships.effective()
            .order_by("organisation__name")
            .values_list("organisation__name", flat=True)
        ),
    }
    return Status(200, body)
