"""Who may see and do what with best practices, built on the shared rule of exchange.access."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.shortcuts import resolve_url

from exchange.access import AUDIENCE_GROUPS, AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, Viewer, viewer_for

if TYPE_CHECKING:
    from wagtail.query import PageQuerySet

    from .models import PracticePage

__all__ = [
    "can_adopt_practice",
    "can_create_practice",
    "can_edit_practice",
    "can_submit_practice",
    "can_view_practice",
    "login_url",
    "practice_audience",
    "practices_editable_by",
    "practices_visible_to",
    "viewer_for",
]


def login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def practice_audience(page: PracticePage) -> tuple[str, list[int]]:
    return page.audience, [g.pk for g in page.working_groups.all()]


def _viewer(user_or_viewer) -> Viewer:
    return user_or_viewer if isinstance(user_or_viewer, Viewer) else viewer_for(user_or_viewer)


def can_view_practice(user, page: PracticePage) -> bool:
    """``user`` may be a user or an already computed :class:`Viewer`."""
    return _viewer(user).can_see(*practice_audience(page))


def practices_visible_to(user) -> PageQuerySet:
    from .models import PracticePage

    viewer = _viewer(user)
    live = PracticePage.objects.live()
    if viewer.is_editor:
        return live
    if not viewer.is_member:
        return live.filter(audience=AUDIENCE_PUBLIC)
    return live.filter(
        Q(audience__in=[AUDIENCE_PUBLIC, AUDIENCE_MEMBERS])
        | Q(audience=AUDIENCE_GROUPS, working_groups__in=viewer.group_ids)
    ).distinct()


# --- Writing -----------------------------------------------------------------------------------


def can_create_practice(user) -> bool:
    """Editors, and partner contacts (Ansprechpersonen) with an active membership."""
    viewer = _viewer(user)
    return viewer.is_editor or bool(viewer.partner_organisation_ids)


def organisations_for_new_practice(user) -> frozenset[int]:
    """Organisations a new practice may be led by: all for editors, else the partner contact's own."""
    viewer = _viewer(user)
    if viewer.is_editor:
        from exchange.models import Organisation

        return frozenset(Organisation.objects.values_list("pk", flat=True))
    return viewer.partner_organisation_ids


def can_edit_practice(user, page: PracticePage) -> bool:
    """Editors edit every practice; partner contacts only those led by their own organisation."""
    viewer = _viewer(user)
    if viewer.is_editor:
        return True
    return page.organisation_id is not None and page.organisation_id in viewer.partner_organisation_ids


def can_submit_practice(user, page: PracticePage) -> bool:
    """Submitting for review is part of editing one's own practice."""
    return can_edit_practice(user, page)


def practices_editable_by(user) -> PageQuerySet:
    from .models import PracticePage

    viewer = _viewer(user)
    if viewer.is_editor:
        return PracticePage.objects.all()
    return PracticePage.objects.filter(organisation_id__in=viewer.partner_organisation_ids)


def can_adopt_practice(user, page: PracticePage) -> bool:
    """Members with an active membership record adoptions for their organisations."""
    viewer = _viewer(user)
    return bool(viewer.organisation_ids) and page.live and can_view_practice(viewer, page)
