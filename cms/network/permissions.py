"""Who may decide on join requests and fetch their certificates: the network office (editors)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from exchange.access import Viewer

from .models import JoinRequest


def can_decide_join_requests(viewer: Viewer) -> bool:
    return viewer.is_editor


def decider_required(viewer: Viewer) -> None:
    """403 for everyone who may not decide on join requests."""
    if not can_decide_join_requests(viewer):
        raise PermissionDenied


def join_request_access(viewer: Viewer, pk: int) -> JoinRequest:
    """The join request ``pk`` for someone who may decide on it; 403 for others, 404 when missing."""
    decider_required(viewer)
    found = JoinRequest.objects.select_related("organisation", "decided_by").filter(pk=pk).first()
    if found is None:
        raise Http404(_("Beitrittsanfrage nicht gefunden."))
    return found
