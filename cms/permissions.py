"""Who may see which best practice, built on the shared audience rule of exchange.permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.shortcuts import resolve_url

from exchange.permissions import AUDIENCE_GROUPS, AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, viewer_for

if TYPE_CHECKING:
    from wagtail.query import PageQuerySet

    from .models import PracticePage


def login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def practice_audience(page: PracticePage) -> tuple[str, list[int]]:
    return page.audience, [g.pk for g in page.working_groups.all()]


def can_view_practice(user, page: PracticePage) -> bool:
    return viewer_for(user).can_see(*practice_audience(page))


def practices_visible_to(user) -> PageQuerySet:
    from .models import PracticePage

    viewer = viewer_for(user)
    live = PracticePage.objects.live()
    if viewer.is_editor:
        return live
    if not viewer.is_member:
        return live.filter(audience=AUDIENCE_PUBLIC)
    return live.filter(
        Q(audience__in=[AUDIENCE_PUBLIC, AUDIENCE_MEMBERS])
        | Q(audience=AUDIENCE_GROUPS, working_groups__in=viewer.group_ids)
    ).distinct()
