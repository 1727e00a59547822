"""Reads for participation: notifications and follows, always scoped to what the viewer may see now."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..access import Viewer
from ..forum.permissions import threads_visible_to
from ..models import Category, Follow, Notification, NotificationSettings, Post, Thread, ThreadRead, User
from .permissions import notifications_visible_to


def notification_unread_count(viewer: Viewer) -> int:
    """For the header: one COUNT over the member's unread rows (partial index on unread)."""
    if viewer.user_id is None or not viewer.is_member:
        return 0
    return notifications_visible_to(viewer).filter(read_at__isnull=True).count()


def notification_list_for_viewer(viewer: Viewer, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = notifications_visible_to(viewer)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.select_related("actor", "post__thread__category", "message").order_by("-created_at", "-id")


def notification_latest_unread(viewer: Viewer, *, limit: int = 5) -> list[Notification]:
    """Start page: the latest unread notifications."""
    return list(notification_list_for_viewer(viewer, unread_only=True)[:limit])


def followed_threads_with_news(viewer: Viewer, *, limit: int = 10) -> list[Thread]:
    """Start page: threads the member follows (not muted) with visible posts by others after the last
    post they have read (``ThreadRead``, the forum's own read state). Each thread carries ``new_posts``."""
    if viewer.user_id is None or not viewer.is_member:
        return []
    read_upto = ThreadRead.objects.filter(user_id=viewer.user_id, thread=OuterRef("thread_id")).values(
        "last_read_post_id"
    )[:1]
    news = (
        Post.objects.filter(thread=OuterRef("thread_id"), is_hidden=False, pk__gt=OuterRef("read_upto"))
        .exclude(author_id=viewer.user_id)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    follows = (
        Follow.objects.filter(user_id=viewer.user_id, thread__in=threads_visible_to(viewer))
        .exclude(level=Follow.Level.MUTED)
        .annotate(read_upto=Coalesce(Subquery(read_upto), 0))
        .annotate(new_posts=Subquery(news))
        .filter(new_posts__gt=0)
        .select_related("thread__category")
        .order_by("-thread__last_activity_at")[:limit]
    )
    threads = []
    for follow in follows:
        thread = follow.thread
        assert thread is not None
        thread.new_posts = follow.new_posts  # type: ignore[attr-defined]
        threads.append(thread)
    return threads


def follow_for(
    user: User, *, thread: Thread | None = None, category: Category | None = None
) -> Follow | None:
    """The member's follow of one thread or category (None: not following)."""
    if not user.is_authenticated:
        return None
    target: dict[str, Any] = {"thread": thread} if thread is not None else {"category": category}
    return Follow.objects.filter(user=user, **target).first()


def follow_list_for_user(user: User) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).select_related("thread", "category").order_by("-created_at")


def notification_settings_for(user: User) -> NotificationSettings:
    """The member's settings, or the unsaved defaults."""
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)
