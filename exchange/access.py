"""Who is looking: one :class:`Viewer` per person, the audiences content can have, and the builders.

Content carries an *audience*: ``public`` (everyone, also anonymous visitors), ``members`` (every
approved member) or ``groups`` (only members of the listed working groups). Editors and
administrators see everything. :class:`Viewer` captures one person's rights once per request, and
:meth:`Viewer.can_see` is the single rule that pages, the forum and the search filter share. Each
sub-domain's ``permissions.py`` builds its rules on this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Membership, User, WorkingGroup

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
    """The :class:`Viewer` of one person (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_viewer", None)
    if cached is not None:
        return cached
    assert isinstance(user, User)
    viewer = _viewers_build([user])[user.pk]
    setattr(user, "_viewer", viewer)  # noqa: B010 - per-request cache on the user object
    return viewer


def viewers_for(users: Iterable[User]) -> dict[int, Viewer]:
    """The :class:`Viewer` of many people at once (e.g. a notification fan-out), keyed by user id."""
    return _viewers_build(list(users))


def _viewers_build(people: list[User]) -> dict[int, Viewer]:
    """The one builder behind :func:`viewer_for` and :func:`viewers_for`: at most three queries for
    any number of people (effective memberships, editors, working groups)."""
    ids = [u.pk for u in people if u.is_active]
    memberships: dict[int, list[tuple[int, str]]] = {pk: [] for pk in ids}
    for user_id, org, role in (
        Membership.objects.effective()
        .filter(user_id__in=ids)
        .values_list("user_id", "organisation_id", "role")
    ):
        memberships[user_id].append((org, role))
    editors = _editor_ids([u for u in people if u.is_active])
    groups: dict[int, set[int]] = {pk: set() for pk in ids}
    for user_id, group_id in WorkingGroup.members.through.objects.filter(user_id__in=ids).values_list(
        "user_id", "workinggroup_id"
    ):
        groups[user_id].add(group_id)
    return {
        user.pk: _viewer(user.pk, memberships[user.pk], user.pk in editors, groups[user.pk])
        if user.is_active
        else ANONYMOUS
        for user in people
    }


def _editor_ids(people: list[User]) -> set[int]:
    """Superusers are editors without a query (one person costs no more queries than before)."""
    editors = {u.pk for u in people if u.is_superuser}
    others = [u.pk for u in people if not u.is_superuser]
    if others:
        editors.update(
            User.objects.filter(pk__in=others, groups__name=EDITORS_GROUP).values_list("pk", flat=True)
        )
    return editors


def _viewer(user_id: int, memberships: list[tuple[int, str]], editor: bool, group_ids: set[int]) -> Viewer:
    return Viewer(
        user_id=user_id,
        is_member=editor or bool(memberships),
        is_editor=editor,
        organisation_ids=frozenset(org for org, _role in memberships),
        partner_organisation_ids=frozenset(
            org for org, role in memberships if role == Membership.Role.PARTNER_CONTACT
        ),
        group_ids=frozenset(group_ids),
    )


def member_viewer(user: User | AnonymousUser | None) -> Viewer:
    """The raising variant for the API: the viewer of an approved member, else ``PermissionDenied``."""
    viewer = viewer_for(user)
    if not viewer.is_member:
        raise PermissionDenied(_("Nur für freigegebene Mitglieder."))
    return viewer


def is_member(user: User | AnonymousUser | None) -> bool:
    return viewer_for(user).is_member


ADMINS_GROUP = "Administration"


def is_admin(user: User | AnonymousUser | None) -> bool:
    """Site administrators: superusers and the "Administration" group (user and security management)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINS_GROUP).exists()


def requires_mfa(user: User | AnonymousUser | None) -> bool:
    """Editors and administrators must use a second factor."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=[EDITORS_GROUP, ADMINS_GROUP]).exists()
