"""Who may see and do what with best practices, built on the shared rule of exchange.access.

The entry point for every practice rule. The audience and edit rules of a practice are written once
on the model (``PracticePage.visible_to``/``editable_by`` as queries, ``visibility``/``is_editable_by``
for one page), because the page's own admin rights need them and the models sit below this module.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from wagtail.query import PageQuerySet

from exchange.access import Viewer, viewer_for
from exchange.models import Organisation

from .models import GuideChapterPage, PracticePage

__all__ = [
    "can_adopt_practice",
    "can_create_practice",
    "can_edit_practice",
    "can_submit_practice",
    "can_view_page",
    "can_view_practice",
    "chapters_visible_to",
    "login_url",
    "organisations_for_new_practice",
    "practice_audience",
    "practices_editable_by",
    "practices_visible_to",
    "refusal",
    "viewer_for",
]


def login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def refusal(request: HttpRequest) -> HttpResponse:
    """What a refused reader gets: anonymous visitors the login (and back), everyone else a 404
    (for them the practice or file does not exist)."""
    if not request.user.is_authenticated:
        return redirect(f"{login_url()}?next={request.path}")
    raise Http404


def practice_audience(page: PracticePage) -> tuple[str, list[int]]:
    return page.visibility()


def _viewer(user_or_viewer) -> Viewer:
    return user_or_viewer if isinstance(user_or_viewer, Viewer) else viewer_for(user_or_viewer)


def can_view_practice(user, page: PracticePage) -> bool:
    """``user`` may be a user or an already computed :class:`Viewer`."""
    return _viewer(user).can_see(*practice_audience(page))


def practices_visible_to(user) -> PageQuerySet:
    return PracticePage.visible_to(_viewer(user))


# --- Pages with an audience: practices and guide chapters ---------------------------------------

AUDIENCE_PAGES = (PracticePage, GuideChapterPage)
"""Page types that carry an audience (``visibility()``); the page view checks them all the same way."""


def can_view_page(user, page) -> bool:
    """Pages without an audience are public; the others follow the practices' rule."""
    if not isinstance(page, AUDIENCE_PAGES):
        return True
    return _viewer(user).can_see(*page.visibility())


def chapters_visible_to(user) -> PageQuerySet:
    return GuideChapterPage.visible_to(_viewer(user))


# --- Writing -----------------------------------------------------------------------------------


def can_create_practice(user) -> bool:
    return PracticePage.is_creatable_by(_viewer(user))


def organisations_for_new_practice(user) -> frozenset[int]:
    """Organisations a new practice may be led by: all for editors, else the partner contact's own."""
    viewer = _viewer(user)
    if viewer.is_editor:
        return frozenset(Organisation.objects.values_list("pk", flat=True))
    return viewer.partner_organisation_ids


def can_edit_practice(user, page: PracticePage) -> bool:
    """Editors edit every practice; partner contacts only those led by their own organisation."""
    return page.is_editable_by(_viewer(user))


def can_submit_practice(user, page: PracticePage) -> bool:
    """Submitting for review is part of editing one's own practice."""
    return can_edit_practice(user, page)


def practices_editable_by(user) -> PageQuerySet:
    return PracticePage.editable_by(_viewer(user))


def can_adopt_practice(user, page: PracticePage) -> bool:
    """Members with an active membership record adoptions for their organisations."""
    viewer = _viewer(user)
    return bool(viewer.organisation_ids) and page.live and can_view_practice(viewer, page)
