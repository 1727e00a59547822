"""People endpoints of the JSON API: the logged-in person (/api/me) and a colleague's profile."""

from __future__ import annotations

from ninja import Router, Schema

from ..access import member_viewer, viewer_for
from ..membership.selectors import membership_list_for_user
from .permissions import profile_access

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


class ProfileOut(Schema):
    id: int
    name: str
    email: str
    position: str
    phone: str
    organisations: list[str]


@router.get("/me", response=MeOut, summary="Die angemeldete Person")
def me(request):
    user = request.user  # request.auth is the APIToken for bearer requests
    viewer = viewer_for(user)
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
            for m in membership_list_for_user(user)
        ],
        "working_groups": list(user.working_groups.order_by("name").values_list("name", flat=True)),
    }


@router.get("/people/{user_id}", response=ProfileOut, summary="Profil einer Person")
def person(request, user_id: int):
    target = profile_access(member_viewer(request.user), pk=user_id)
    return {
        "id": target.pk,
        "name": target.get_full_name(),
        "email": target.email,
        "position": target.position,
        "phone": target.phone,
        "organisations": [m.organisation.name for m in membership_list_for_user(target).effective()],
    }
