"""Who may see and do what. Every view, API endpoint, e-mail and the search filter ask here.

Content carries an *audience*: ``public`` (everyone, also anonymous visitors), ``members`` (every
approved member) or ``groups`` (only members of the listed working groups). Editors and
administrators see everything. :class:`Viewer` captures one person's rights once per request, and
:meth:`Viewer.can_see` is the single rule that pages, the forum and the search filter share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Category, Membership, Organisation, Thread, User

EDITORS_GROUP = "Redaktion"

AUDIENCE_PUBLIC = "public"
AUDIENCE_MEMBERS = "members"
AUDIENCE_GROUPS = "groups"
AUDIENCES = (AUDIENCE_PUBLIC, AUDIENCE_MEMBERS, AUDIENCE_GROUPS)


@dataclass(frozen=True)
class Viewer:
    """The rights of one person, computed once. Anonymous and pending people are not members."""

    user_id: int | None = None
    is_member: bool = False
    is_editor: bool = False
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    partner_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    group_ids: frozenset[int] = field(default_factory=frozenset)

    def can_see(self, audience: str, group_ids: Iterable[int] = ()) -> bool:
        if audience == AUDIENCE_PUBLIC:
            return True
        if self.is_editor:
            return True
        if not self.is_member:
            return False
        if audience == AUDIENCE_MEMBERS:
            return True
        if audience == AUDIENCE_GROUPS:
            return bool(self.group_ids.intersection(group_ids))
        return False


ANONYMOUS = Viewer()


def is_editor(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()


def viewer_for(user: User | AnonymousUser | None) -> Viewer:
    """Build the :class:`Viewer` for a user (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_viewer", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, organisation__status=Organisation.Status.ACTIVE
        ).values_list("organisation_id", "role")
    )
    editor = is_editor(user)
    viewer = Viewer(
        user_id=user.pk,
        is_member=editor or bool(memberships),
        is_editor=editor,
        organisation_ids=frozenset(org for org, _ in memberships),
        partner_organisation_ids=frozenset(
            org for org, role in memberships if role == Membership.Role.PARTNER_CONTACT
        ),
        group_ids=frozenset(user.working_groups.values_list("id", flat=True)),
    )
    setattr(user, "_viewer", viewer)  # noqa: B010 - per-request cache on the user object
    return viewer


def is_member(user: User | AnonymousUser | None) -> bool:
    return viewer_for(user).is_member


# --- Forum ------------------------------------------------------------------------------------


def categories_visible_to(viewer: Viewer) -> QuerySet[Category]:
    if viewer.is_editor:
        return Category.objects.all()
    if not viewer.is_member:
        return Category.objects.none()
    restricted = Category.working_groups.through.objects.filter(category_id=OuterRef("pk"))
    return Category.objects.filter(~Exists(restricted) | Q(working_groups__in=viewer.group_ids)).distinct()


def category_audience(category: Category) -> tuple[str, list[int]]:
    """The audience of a category and everything in it, in the shared vocabulary."""
    group_ids = [g.pk for g in category.working_groups.all()]
    return (AUDIENCE_GROUPS, group_ids) if group_ids else (AUDIENCE_MEMBERS, [])


def can_view_category(viewer: Viewer, category: Category) -> bool:
    return viewer.can_see(*category_audience(category))


def threads_visible_to(viewer: Viewer) -> QuerySet[Thread]:
    return Thread.objects.filter(category__in=categories_visible_to(viewer))


def can_view_thread(viewer: Viewer, thread: Thread) -> bool:
    return can_view_category(viewer, thread.category)


def can_post_in(viewer: Viewer, thread: Thread) -> bool:
    return viewer.is_member and can_view_thread(viewer, thread)
