"""Who may see whose profile and who may deactivate people, built on :mod:`exchange.access`."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..access import Viewer, is_admin
from ..models import Membership, User


def can_view_profile(viewer: Viewer, user: User) -> bool:
    """Profiles follow the person's visibility choice; editors and the person see it always."""
    if viewer.user_id is not None and viewer.user_id == user.pk:
        return True
    if not viewer.is_member or not user.is_active:
        return False
    their_orgs = set(
        Membership.objects.effective().filter(user=user).values_list("organisation_id", flat=True)
    )
    if not their_orgs:
        return False
    if viewer.is_editor:
        return True
    if user.profile_visibility == User.Visibility.MEMBERS:
        return True
    if user.profile_visibility == User.Visibility.ORGANISATION:
        return bool(their_orgs & viewer.organisation_ids)
    return False


def profiles_visible_to(viewer: Viewer) -> QuerySet[User]:
    """The people the viewer may find in the directory: the same rule as :func:`can_view_profile`."""
    if not viewer.is_member:
        return User.objects.none()
    active = Membership.objects.effective().filter(user_id=OuterRef("pk"))
    people = User.objects.filter(Exists(active), is_active=True)
    if viewer.is_editor:
        return people
    shared = active.filter(organisation_id__in=viewer.organisation_ids)
    return people.filter(
        Q(pk=viewer.user_id)
        | Q(profile_visibility=User.Visibility.MEMBERS)
        | (Q(profile_visibility=User.Visibility.ORGANISATION) & Exists(shared))
    )


def profile_access(viewer: Viewer, *, pk: int | None = None, handle: str | None = None) -> User:
    """The person with this id or @handle, if the viewer may see the profile; else 404 (the same
    answer as for nobody)."""
    person = (
        User.objects.filter(pk=pk).first()
        if pk is not None
        else User.objects.filter(handle=(handle or "").lower(), is_active=True).first()
    )
    if person is None or not can_view_profile(viewer, person):
        raise Http404(_("Person nicht gefunden."))
    return person


def can_deactivate(viewer: Viewer, user: User | AnonymousUser | None, target: User) -> bool:
    """Editors and administrators deactivate people; nobody deactivates a superuser but a superuser,
    and nobody themselves (they delete their account instead)."""
    if target.is_superuser and not (user is not None and user.is_authenticated and user.is_superuser):
        return False
    if viewer.user_id is not None and viewer.user_id == target.pk:
        return False
    return viewer.is_editor or is_admin(user)


def deactivatable_person_access(viewer: Viewer, user: User | AnonymousUser, pk: int) -> User:
    """An active person the viewer may deactivate; else 404."""
    person = User.objects.filter(pk=pk, is_active=True).first()
    if person is None or not can_deactivate(viewer, user, person):
        raise Http404(_("Person nicht gefunden."))
    return person
