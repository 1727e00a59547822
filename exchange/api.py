"""Exchange endpoints of the JSON API."""

from __future__ import annotations

from ninja import Router, Schema

from .models import Membership
from .permissions import viewer_for

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
