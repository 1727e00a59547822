"""Who may read a page with an audience: the choices and the one query rule that practices and
guide chapters share (:meth:`exchange.access.Viewer.can_see` written as a query).

A page with an audience has an ``audience`` field (public, members, working groups) and a
``working_groups`` many-to-many field; ``visibility()`` on the page gives both for
``Viewer.can_see``, and :func:`audience_visible` filters a queryset of such pages the same way.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.query import PageQuerySet

from exchange.access import AUDIENCE_GROUPS, AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, Viewer

AUDIENCE_CHOICES = [
    (AUDIENCE_PUBLIC, _("öffentlich")),
    (AUDIENCE_MEMBERS, _("alle Mitglieder")),
    (AUDIENCE_GROUPS, _("ausgewählte Arbeitsgruppen")),
]


def audience_visible(pages: PageQuerySet, viewer: Viewer) -> PageQuerySet:
    """``pages`` (live or not, as given) whose audience the viewer belongs to."""
    if viewer.is_editor:
        return pages
    if not viewer.is_member:
        return pages.filter(audience=AUDIENCE_PUBLIC)
    return pages.filter(
        models.Q(audience__in=[AUDIENCE_PUBLIC, AUDIENCE_MEMBERS])
        | models.Q(audience=AUDIENCE_GROUPS, working_groups__in=viewer.group_ids)
    ).distinct()
