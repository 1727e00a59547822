"""Who may do what in the forum and with memberships and profiles, built on :mod:`exchange.access`."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from .access import (  # noqa: F401 - re-exported until the sub-domain packages import .access
    ADMINS_GROUP,
    ANONYMOUS,
    AUDIENCE_GROUPS,
    AUDIENCE_MEMBERS,
    AUDIENCE_PUBLIC,
    AUDIENCES,
    EDITORS_GROUP,
    Viewer,
    is_admin,
    is_editor,
    is_member,
    requires_mfa,
    viewer_for,
    viewers_for,
)
from .models import Attachment, Category, Membership, Organisation, Post, Thread, User

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
    """Reply: members who see the thread, as long as it is not locked (editors always)."""
    if not (viewer.is_member and can_view_thread(viewer, thread)):
        return False
    return viewer.is_editor or not thread.is_locked


def can_create_thread_in(viewer: Viewer, category: Category) -> bool:
    return viewer.is_member and can_view_category(viewer, category)


def can_moderate(viewer: Viewer) -> bool:
    """Editors (the network office) moderate the forum: queue, hide, lock, pin, move, merge, notes."""
    return viewer.is_editor


def posts_visible_to(viewer: Viewer) -> QuerySet[Post]:
    """Posts in visible threads; hidden posts only for moderators."""
    qs = Post.objects.filter(thread__in=threads_visible_to(viewer))
    return qs if can_moderate(viewer) else qs.filter(is_hidden=False)


def can_view_post(viewer: Viewer, post: Post) -> bool:
    if not can_view_thread(viewer, post.thread):
        return False
    return not post.is_hidden or can_moderate(viewer)


def can_edit_post(viewer: Viewer, post: Post) -> bool:
    """Authors edit their own visible posts while the thread is open; editors edit any post."""
    if not can_view_post(viewer, post):
        return False
    if can_moderate(viewer):
        return True
    return (
        viewer.is_member
        and post.author_id is not None
        and post.author_id == viewer.user_id
        and not post.is_hidden
        and not post.thread.is_locked
    )


def is_own_post(viewer: Viewer, post: Post) -> bool:
    return post.author_id is not None and post.author_id == viewer.user_id


def can_react_to(viewer: Viewer, post: Post) -> bool:
    """Members mark other people's visible posts as helpful (never their own)."""
    return (
        viewer.is_member
        and not post.is_hidden
        and not is_own_post(viewer, post)
        and can_view_post(viewer, post)
    )


def can_flag(viewer: Viewer, post: Post) -> bool:
    """Members report other people's visible posts; for their own they have "Bearbeiten"."""
    return (
        viewer.is_member
        and not post.is_hidden
        and not is_own_post(viewer, post)
        and can_view_post(viewer, post)
    )


def can_mark_solution(viewer: Viewer, thread: Thread) -> bool:
    """The thread's author or a moderator picks the answer that solved the question."""
    if not can_view_thread(viewer, thread):
        return False
    if can_moderate(viewer):
        return True
    return viewer.is_member and thread.author_id is not None and thread.author_id == viewer.user_id


def can_view_edit_history(viewer: Viewer, post: Post) -> bool:
    return can_moderate(viewer) and can_view_thread(viewer, post.thread)


def can_download_attachment(viewer: Viewer, attachment: Attachment) -> bool:
    return viewer.is_member and can_view_post(viewer, attachment.post)


def can_view_practice_link(viewer: Viewer, thread: Thread) -> bool:
    """A thread's link to a best practice (title, URL) only for those who may see the practice."""
    from cms.permissions import can_view_practice

    return thread.practice is not None and can_view_practice(viewer, thread.practice)


def can_start_practice_discussion(viewer: Viewer, page, category: Category) -> bool:
    """A member who may see the practice opens its discussion, but only in a category whose readers
    may all see the practice too (its title and link must not reach anyone else)."""
    from cms.permissions import can_view_practice, practice_audience

    if not (viewer.is_member and can_view_practice(viewer, page) and can_create_thread_in(viewer, category)):
        return False
    audience, group_ids = practice_audience(page)
    if audience in (AUDIENCE_PUBLIC, AUDIENCE_MEMBERS):
        return True
    category_groups = {g.pk for g in category.working_groups.all()}
    return bool(category_groups) and category_groups <= set(group_ids)


# --- Membership -------------------------------------------------------------------------------


def can_decide_for(viewer: Viewer, organisation_id: int) -> bool:
    """Partner contacts of the organisation and editors manage its memberships."""
    return viewer.is_editor or organisation_id in viewer.partner_organisation_ids


def can_approve_membership(viewer: Viewer, membership: Membership) -> bool:
    """Approve or reject a pending request: not one's own, only for an organisation one manages."""
    if membership.status != Membership.Status.PENDING or membership.user_id == viewer.user_id:
        return False
    return can_decide_for(viewer, membership.organisation_id)


def can_end_membership(viewer: Viewer, membership: Membership) -> bool:
    """A person may leave; partner contacts and editors may end others' memberships."""
    if membership.status not in (Membership.Status.ACTIVE, Membership.Status.PENDING):
        return False
    if viewer.user_id is not None and membership.user_id == viewer.user_id:
        return True
    return can_decide_for(viewer, membership.organisation_id)


def can_change_role(viewer: Viewer, membership: Membership) -> bool:
    """Editors and the organisation's partner contacts change roles of others' active memberships."""
    if membership.status != Membership.Status.ACTIVE or membership.user_id == viewer.user_id:
        return False
    return can_decide_for(viewer, membership.organisation_id)


def can_invite(viewer: Viewer, organisation: Organisation, role: str = Membership.Role.MEMBER) -> bool:
    """Partner contacts invite colleagues as members; editors invite anyone with any role."""
    if organisation.status != Organisation.Status.ACTIVE:
        return False
    if viewer.is_editor:
        return True
    return role == Membership.Role.MEMBER and organisation.pk in viewer.partner_organisation_ids


def memberships_decidable_by(viewer: Viewer) -> QuerySet[Membership]:
    """Memberships whose organisation the viewer manages (all for editors, none for others)."""
    if viewer.is_editor:
        return Membership.objects.all()
    return Membership.objects.filter(organisation_id__in=viewer.partner_organisation_ids)


def memberships_in_reach(viewer: Viewer) -> QuerySet[Membership]:
    """Memberships a person may look at or act on: their own, and those they may decide on.
    Any other id is answered with 404 (no IDOR)."""
    return Membership.objects.filter(
        Q(user_id=viewer.user_id) | Q(pk__in=memberships_decidable_by(viewer))
    ).select_related("user", "organisation")


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


def can_view_audit_log(viewer: Viewer, user: User | AnonymousUser | None = None) -> bool:
    return viewer.is_editor or is_admin(user)


def can_deactivate(viewer: Viewer, user: User | AnonymousUser | None, target: User) -> bool:
    """Editors and administrators deactivate people; nobody deactivates a superuser but a superuser."""
    if target.is_superuser and not (user is not None and user.is_authenticated and user.is_superuser):
        return False
    return viewer.is_editor or is_admin(user)
