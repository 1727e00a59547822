"""The thread index: one document per forum thread, made of the posts members read."""

# No ``from __future__ import annotations``: elasticsearch.dsl reads the class annotations (see base).

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy
from elasticsearch.dsl import Integer, Keyword

from exchange.forum.permissions import category_audience
from exchange.models import Post, Thread

from .. import outbox
from ..analysis import german_fields
from .base import BaseDocument


class ThreadDocument(BaseDocument):
    """What the forum shows its readers, and nothing else.

    The forum's rules (exchange.forum.permissions): a thread is as visible as its category (``audience`` and
    ``group_ids`` from ``category_audience``); moderation hides single posts, never a whole thread
    (a merged thread is deleted, and its document with it). Hidden posts are read by moderators only,
    so they never reach the index, which every reader shares: the document is the thread's title and
    its visible posts in the order the thread page shows them.
    """

    kind = outbox.THREAD
    label = gettext_lazy("Forum")

    category_id = Integer()
    category = Keyword()

    @classmethod
    def get_queryset(cls) -> QuerySet[Any]:
        visible_posts = Post.objects.filter(is_hidden=False).order_by("created_at", "id")
        return (
            Thread.objects.select_related("category")
            .prefetch_related("category__working_groups", Prefetch("posts", queryset=visible_posts))
            .order_by("pk")
        )

    @classmethod
    def prepare(cls, obj: Any) -> dict[str, Any]:
        audience, groups = category_audience(obj.category)
        posts = list(obj.posts.all())
        summary, body = (posts[0].body if posts else ""), "\n\n".join(p.body for p in posts[1:])
        return {
            "title": obj.title,
            "summary": summary,
            "body": body,
            **german_fields(obj.title, summary, body),
            "audience": audience,
            "group_ids": groups,
            "url": reverse("forum-thread", kwargs={"pk": obj.pk}),
            "date": obj.last_activity_at,
            "category_id": obj.category_id,
            "category": obj.category.name,
        }
