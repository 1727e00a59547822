"""Reads of the exchange app, always scoped to what the viewer may see."""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet

from .models import Category, Post, Thread
from .permissions import Viewer, categories_visible_to, threads_visible_to


def category_list_for_viewer(viewer: Viewer) -> QuerySet[Category]:
    return (
        categories_visible_to(viewer)
        .annotate(
            thread_count=Count("threads", distinct=True),
            last_activity=Max("threads__last_activity_at"),
        )
        .order_by("position", "name")
    )


def thread_list_for_viewer(viewer: Viewer, *, category: Category | None = None) -> QuerySet[Thread]:
    qs = threads_visible_to(viewer).select_related("category", "author")
    if category is not None:
        qs = qs.filter(category=category)
    return qs.order_by("-last_activity_at")


def post_list_for_thread(thread: Thread) -> QuerySet[Post]:
    return thread.posts.filter(is_hidden=False).select_related("author").order_by("created_at", "id")
