"""Who may see and do what in the forum, built on :mod:`exchange.access`.

``can_*`` answer one question, ``*_visible_to`` give the querysets, and the ``*_access`` helpers fetch
one object for a viewer or raise ``Http404`` (with a German message the API shows): the pages and the
API share them, so an id the viewer may not see says nothing about what exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cms.permissions import can_view_practice, practice_audience

from ..access import AUDIENCE_GROUPS, AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, Viewer
from ..models import Attachment, Category, Post, Thread

# --- Categories and threads -------------------------------------------------------------------


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


def category_access(viewer: Viewer, *, pk: int | None = None, slug: str | None = None) -> Category:
    """The category with this id or slug, if the viewer sees it; else 404."""
    lookup: dict[str, Any] = {"pk": pk} if pk is not None else {"slug": slug}
    category = categories_visible_to(viewer).filter(**lookup).first()
    if category is None:
        raise Http404(_("Kategorie nicht gefunden."))
    return category


def threads_visible_to(viewer: Viewer) -> QuerySet[Thread]:
    return Thread.objects.filter(category__in=categories_visible_to(viewer))


def can_view_thread(viewer: Viewer, thread: Thread) -> bool:
    return can_view_category(viewer, thread.category)


def thread_access(viewer: Viewer, pk: int) -> Thread:
    """The thread, with what its pages and the API read of it, if the viewer sees it; else 404."""
    thread = (
        threads_visible_to(viewer)
        .select_related("category", "author", "practice")
        .prefetch_related("category__working_groups")
        .filter(pk=pk)
        .first()
    )
    if thread is None:
        raise Http404(_("Thema nicht gefunden."))
    return thread


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


def moderator_required(viewer: Viewer) -> None:
    """The raising variant of :func:`can_moderate`."""
    if not can_moderate(viewer):
        raise PermissionDenied


def can_mark_solution(viewer: Viewer, thread: Thread) -> bool:
    """The thread's author or a moderator picks the answer that solved the question."""
    if not can_view_thread(viewer, thread):
        return False
    if can_moderate(viewer):
        return True
    return viewer.is_member and thread.author_id is not None and thread.author_id == viewer.user_id


# --- Posts and attachments --------------------------------------------------------------------


def posts_visible_to(viewer: Viewer) -> QuerySet[Post]:
    """Posts in visible threads; hidden posts only for moderators."""
    qs = Post.objects.filter(thread__in=threads_visible_to(viewer))
    return qs if can_moderate(viewer) else qs.filter(is_hidden=False)


def post_access(viewer: Viewer, pk: int) -> Post:
    """The post with its thread, category and author, if the viewer sees it; else 404."""
    post = (
        posts_visible_to(viewer).select_related("thread", "thread__category", "author").filter(pk=pk).first()
    )
    if post is None:
        raise Http404(_("Beitrag nicht gefunden."))
    return post


def can_view_post(viewer: Viewer, post: Post) -> bool:
    if not can_view_thread(viewer, post.thread):
        return False
    return not post.is_hidden or can_moderate(viewer)


def is_own_post(viewer: Viewer, post: Post) -> bool:
    return post.author_id is not None and post.author_id == viewer.user_id


def can_edit_post(viewer: Viewer, post: Post) -> bool:
    """Authors edit their own visible posts while the thread is open; editors edit any post."""
    if not can_view_post(viewer, post):
        return False
    if can_moderate(viewer):
        return True
    return viewer.is_member and is_own_post(viewer, post) and not post.is_hidden and not post.thread.is_locked


def can_delete_post(viewer: Viewer, post: Post, *, is_first: bool) -> bool:
    """Those who may edit a reply may remove it; the first post goes only with its thread."""
    return not is_first and can_edit_post(viewer, post)


def can_react_to(viewer: Viewer, post: Post) -> bool:
    """Mark as helpful, or report to the editors: members, for other people's visible posts (for
    their own they have "Bearbeiten")."""
    return (
        viewer.is_member
        and not post.is_hidden
        and not is_own_post(viewer, post)
        and can_view_post(viewer, post)
    )


def can_mark_as_solution(viewer: Viewer, post: Post, *, is_first: bool) -> bool:
    """A visible reply (not the question itself) of a thread whose solution the viewer picks."""
    return not is_first and not post.is_hidden and can_mark_solution(viewer, post.thread)


def can_view_edit_history(viewer: Viewer, post: Post) -> bool:
    return can_moderate(viewer) and can_view_thread(viewer, post.thread)


def posts_with_rights(
    viewer: Viewer, thread: Thread, posts: Iterable[Post], *, first_post_id: int | None
) -> None:
    """What the viewer may do with each post of a thread page, as flags for the template."""
    for post in posts:
        post.thread = thread  # the checks below need it; no query per post
        is_first = post.pk == first_post_id
        post.can_edit = can_edit_post(viewer, post)  # type: ignore[attr-defined]
        post.can_delete = can_delete_post(viewer, post, is_first=is_first)  # type: ignore[attr-defined]
        post.can_react = can_react_to(viewer, post)  # type: ignore[attr-defined]
        post.can_be_solution = can_mark_as_solution(viewer, post, is_first=is_first)  # type: ignore[attr-defined]


def can_download_attachment(viewer: Viewer, attachment: Attachment) -> bool:
    return viewer.is_member and can_view_post(viewer, attachment.post)


def attachment_access(viewer: Viewer, pk: int) -> Attachment:
    """The attachment, if the viewer may read its post; else 404."""
    attachment = (
        Attachment.objects.select_related("post", "post__thread", "post__thread__category")
        .filter(pk=pk)
        .first()
    )
    if attachment is None or not can_download_attachment(viewer, attachment):
        raise Http404(_("Anhang nicht gefunden."))
    return attachment


# --- Practices ----------------------------------------------------------------------------------


def can_view_practice_link(viewer: Viewer, thread: Thread) -> bool:
    """A thread's link to a best practice (title, URL) only for those who may see the practice."""
    return thread.practice is not None and can_view_practice(viewer, thread.practice)


def can_start_practice_discussion(viewer: Viewer, page: Any, category: Category) -> bool:
    """A member who may see the practice opens its discussion, but only in a category whose readers
    may all see the practice too (its title and link must not reach anyone else)."""
    if not (viewer.is_member and can_view_practice(viewer, page) and can_create_thread_in(viewer, category)):
        return False
    audience, group_ids = practice_audience(page)
    if audience in (AUDIENCE_PUBLIC, AUDIENCE_MEMBERS):
        return True
    category_groups = {g.pk for g in category.working_groups.all()}
    return bool(category_groups) and category_groups <= set(group_ids)
