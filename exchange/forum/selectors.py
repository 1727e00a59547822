"""Reads of the forum, always scoped to what the viewer may see (:mod:`.permissions`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from ..access import Viewer
from ..models import Category, Flag, Membership, Post, PostRevision, Reaction, Thread, ThreadRead
from .permissions import (
    can_moderate,
    categories_visible_to,
    posts_visible_to,
    posts_with_rights,
    threads_visible_to,
)


def category_list_for_viewer(viewer: Viewer) -> QuerySet[Category]:
    """Visible categories with thread and post counts and the last activity (subqueries: the
    visibility filter joins working groups, which would multiply plain aggregates)."""
    threads = Thread.objects.filter(category_id=OuterRef("pk")).order_by().values("category_id")
    return (
        categories_visible_to(viewer)
        .annotate(
            thread_count=Coalesce(Subquery(threads.annotate(n=Count("pk")).values("n")), 0),
            post_total=Coalesce(Subquery(threads.annotate(n=Sum("post_count")).values("n")), 0),
            last_activity=Subquery(threads.annotate(m=Max("last_activity_at")).values("m")),
        )
        .order_by("position", "name")
    )


THREAD_SORTS = ("aktivitaet", "neu", "unbeantwortet")


def thread_list_for_viewer(
    viewer: Viewer, *, category: Category | None = None, sort: str = "aktivitaet"
) -> QuerySet[Thread]:
    """Visible threads; pinned first inside a category. ``sort``: latest activity, newest, or
    unanswered (only the first post, no solution). ``has_unread`` tells the viewer what is new."""
    qs = threads_visible_to(viewer).select_related("category", "author")
    if category is not None:
        qs = qs.filter(category=category)
    if viewer.user_id is not None:
        read_upto = ThreadRead.objects.filter(
            thread_id=OuterRef(OuterRef("pk")), user_id=viewer.user_id
        ).values("last_read_post_id")[:1]
        newer = Post.objects.filter(
            thread_id=OuterRef("pk"), is_hidden=False, pk__gt=Coalesce(Subquery(read_upto), 0)
        )
        qs = qs.annotate(has_unread=Exists(newer))
    if sort == "unbeantwortet":
        qs = qs.filter(post_count__lte=1, solution__isnull=True)
    order = "-created_at" if sort in ("neu", "unbeantwortet") else "-last_activity_at"
    if category is not None:
        return qs.order_by("-is_pinned", order, "-pk")
    return qs.order_by(order, "-pk")


def posts_for_thread_page(viewer: Viewer, thread: Thread) -> QuerySet[Post]:
    """The posts of a thread as the viewer may see them, with everything the page shows in a
    constant number of queries: author, attachments, "hilfreich" count and the viewer's own mark."""
    reactions = Reaction.objects.filter(post_id=OuterRef("pk")).order_by().values("post_id")
    qs = (
        posts_visible_to(viewer)
        .filter(thread=thread)
        .select_related("author")
        .prefetch_related("attachments")
        .annotate(
            helpful_count=Coalesce(Subquery(reactions.annotate(n=Count("pk")).values("n")), 0),
            helpful_mine=Exists(Reaction.objects.filter(post_id=OuterRef("pk"), user_id=viewer.user_id or 0)),
        )
        .order_by("created_at", "id")
    )
    if can_moderate(viewer):
        revisions = PostRevision.objects.filter(post_id=OuterRef("pk")).order_by().values("post_id")
        flags = (
            Flag.objects.filter(post_id=OuterRef("pk"), resolved_at__isnull=True).order_by().values("post_id")
        )
        qs = qs.annotate(
            revision_count=Coalesce(Subquery(revisions.annotate(n=Count("pk")).values("n")), 0),
            open_flag_count=Coalesce(Subquery(flags.annotate(n=Count("pk")).values("n")), 0),
        )
    return qs


def posts_with_position(viewer: Viewer, post_ids: Iterable[int]) -> QuerySet[Post]:
    """The posts ``post_ids`` the viewer may read, each annotated with ``before``: how many posts of
    its thread the viewer sees ahead of it (the thread page's order). One query for any number of
    posts: a search result page links twenty of them."""
    visible = posts_visible_to(viewer)
    ahead = (
        visible.filter(thread_id=OuterRef("thread_id"))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("thread_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return visible.filter(pk__in=list(post_ids)).annotate(before=Coalesce(Subquery(ahead), 0))


def post_page_number(viewer: Viewer, post: Post, *, per_page: int | None = None) -> int:
    """On which page of its thread ``post`` appears for the viewer (FORUM_POSTS_PER_PAGE a page)."""
    before: int | None = getattr(post, "before", None)
    if before is None:
        before = getattr(posts_with_position(viewer, [post.pk]).first(), "before", 0)
    return before // (per_page or settings.FORUM_POSTS_PER_PAGE) + 1


def post_url(viewer: Viewer, post: Post) -> str:
    """The address of ``post`` on its thread's page, as the viewer sees the thread (no query when the
    post comes from :func:`posts_with_position`)."""
    page = post_page_number(viewer, post)
    url = reverse("forum-thread", kwargs={"pk": post.thread_id})
    return f"{url}?seite={page}#beitrag-{post.pk}" if page > 1 else f"{url}#beitrag-{post.pk}"


@dataclass(frozen=True)
class ThreadPage:
    """One page of a thread as the viewer sees it: the posts carry what the viewer may do with them
    (:func:`.permissions.posts_with_rights`) and whether they are new to the viewer."""

    page: Page
    posts: list[Post]
    first_post_id: int | None


def thread_page(viewer: Viewer, thread: Thread, number: str | int | None) -> ThreadPage:
    read_upto = thread_read_upto(viewer, thread)
    posts = posts_for_thread_page(viewer, thread)
    page = Paginator(posts, settings.FORUM_POSTS_PER_PAGE).get_page(number)
    items = list(page.object_list)
    first_post_id = items[0].pk if items and page.number == 1 else None
    posts_with_rights(viewer, thread, items, first_post_id=first_post_id)
    for post in items:
        post.is_unread = post.pk > read_upto  # type: ignore[attr-defined]
    return ThreadPage(page=page, posts=items, first_post_id=first_post_id)


def thread_first_unread_post(viewer: Viewer, thread: Thread) -> Post | None:
    """The first visible post after what the viewer last read; the last post when all is read."""
    visible = posts_visible_to(viewer).filter(thread=thread).order_by("created_at", "id")
    read = ThreadRead.objects.filter(thread=thread, user_id=viewer.user_id or 0).first()
    if read is not None:
        unread = visible.filter(pk__gt=read.last_read_post_id).first()
        return unread or visible.last()
    return visible.first()


def thread_read_upto(viewer: Viewer, thread: Thread) -> int:
    read = ThreadRead.objects.filter(thread=thread, user_id=viewer.user_id or 0).values_list(
        "last_read_post_id", flat=True
    )
    return next(iter(read), 0)


def practice_discussion_category() -> Category | None:
    """The category editors flagged for the discussions of best practices (None: not set up yet)."""
    return Category.objects.filter(is_practice_discussion=True).first()


def flag_queue(viewer: Viewer) -> QuerySet[Post]:
    """Posts with open reports, oldest report first, for moderators (empty for everyone else)."""
    if not can_moderate(viewer):
        return Post.objects.none()
    open_flags = Flag.objects.filter(resolved_at__isnull=True)
    return (
        Post.objects.filter(pk__in=open_flags.values("post_id"))
        .select_related("author", "thread", "thread__category")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=open_flags.select_related("reporter").order_by("created_at"),
                to_attr="open_flags",
            )
        )
        .annotate(first_flag_at=Min("flags__created_at", filter=Q(flags__resolved_at__isnull=True)))
        .order_by("first_flag_at", "pk")
    )


def thread_list_for_interests(
    viewer: Viewer, *, practice_ids: list[int], region: str, limit: int = 6
) -> list[Thread]:
    """Visible threads about the given practices or started by colleagues in the region; then the
    latest others, so the list is never empty while the forum is not."""
    matching_authors = Membership.objects.effective().filter(
        user_id=OuterRef("author_id"), organisation__region=region
    )
    condition = Q(practice_id__in=practice_ids)
    if region:
        condition |= Q(Exists(matching_authors))
    visible = thread_list_for_viewer(viewer)
    matched = list(visible.filter(condition)[:limit])
    for thread in matched:
        thread.matches_interests = True  # type: ignore[attr-defined]
    if len(matched) < limit:
        matched += list(visible.exclude(pk__in=[t.pk for t in matched])[: limit - len(matched)])
    return matched
