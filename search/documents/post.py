"""The post index: one document per visible forum post, carrying its thread's title and audience.

A hit on the forum is a post: the search shows the best matching post of a thread under the
thread's title and links to it (the forum's own post → page rule, :func:`exchange.forum.selectors.post_url`).
The query side groups the posts of a thread into one hit (``collapse`` on ``group``, see
search.queries), so a thread still appears once, with how many of its posts matched.

The forum's rules (exchange.forum.permissions) apply as they did to whole threads: a post is as
visible as its thread's category (``audience`` and ``group_ids`` from ``category_audience``), and
hidden posts, which only moderators read, never reach the index, which every reader shares.
A merged or deleted thread takes its posts' documents with it (the drain deletes a thread's
documents that no longer have a visible post, :meth:`BaseDocument.parent_kind`).

Text: ``body_html`` is the post as the forum renders it (Markdown → sanitised HTML,
exchange.forum.markdown); the document holds its plain text (tags removed, entities decoded), so a
snippet reads "Wann …" and never "**Wann**" or "<strong>", and the highlight still marks the words.
The thread's opening post puts its text into ``summary`` (weighted as a practice's summary), a
reply into ``body``.
"""

# No ``from __future__ import annotations``: elasticsearch.dsl reads the class annotations (see base).

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, ClassVar

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from elasticsearch.dsl import Boolean, Integer, Keyword

from exchange.access import Viewer
from exchange.forum.permissions import category_audience
from exchange.forum.selectors import post_url, posts_with_position
from exchange.models import Post

from .. import outbox
from ..analysis import index_text
from .base import BaseDocument

_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|blockquote|pre|h[1-6]|hr|tr|td|th|table|div)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")


def plain_text(body_html: str) -> str:
    """The text of a rendered post as a person reads it: block ends become line breaks, other tags
    go, entities are decoded (``<p><strong>Wann</strong> &amp; wo</p>`` → ``Wann & wo``).

    ``body_html`` was sanitised by the forum's renderer (nh3), so it is well-formed; the snippet is
    escaped again when it is shown (search.queries)."""
    text = _TAG.sub("", _BLOCK_TAG.sub("\n", body_html))
    text = _SPACES.sub(" ", html.unescape(text))
    return _LINES.sub("\n", text).strip()


@lru_cache(maxsize=4096)
def _title_parts(title: str) -> str:
    """The decompounded title, once per thread title (every post of a thread carries it)."""
    return index_text(title)


@dataclass(frozen=True)
class PostHit:
    """What a forum hit shows of its post."""

    url: str
    author: str
    date: datetime


class PostDocument(BaseDocument):
    kind = outbox.POST
    facet_type = outbox.THREAD  # the ``type`` facet value stays "thread" ("Forum") for URLs and the API
    parent_kind = outbox.THREAD  # an outbox row for a thread re-indexes all its posts
    parent_field = "thread_id"
    label = gettext_lazy("Forum")

    thread_id = Integer()
    post_id = Integer()
    opening = Boolean()  # the thread's first visible post: it alone offers the title to autocomplete
    category_id = Integer()
    category = Keyword()

    MODEL: ClassVar[type[Post]] = Post

    @classmethod
    def get_queryset(cls) -> QuerySet[Any]:
        first = Post.objects.filter(thread_id=OuterRef("thread_id"), is_hidden=False).order_by(
            "created_at", "id"
        )
        return (
            Post.objects.filter(is_hidden=False)
            .select_related("thread", "thread__category")
            .prefetch_related("thread__category__working_groups")
            .annotate(first_id=Subquery(first.values("pk")[:1]))
            .only(
                "pk",
                "body_html",
                "created_at",
                "thread_id",
                "thread__title",
                "thread__category_id",
                "thread__category__name",
            )
            .order_by("pk")
        )

    @classmethod
    def prepare(cls, obj: Any) -> dict[str, Any]:
        thread = obj.thread
        audience, groups = category_audience(thread.category)
        text = plain_text(obj.body_html)
        opening = obj.first_id == obj.pk
        summary, body = (text, "") if opening else ("", text)
        doc = {
            "title": thread.title,
            "summary": summary,
            "body": body,
            "title_parts": _title_parts(thread.title),
            "parts": index_text(text),
            "audience": audience,
            "group_ids": groups,
            "url": reverse("forum-thread", kwargs={"pk": obj.thread_id}),
            "date": obj.created_at,
            "group": f"{outbox.THREAD}-{obj.thread_id}",
            "thread_id": obj.thread_id,
            "post_id": obj.pk,
            "opening": opening,
            "category_id": thread.category_id,
            "category": thread.category.name,
        }
        if not opening:  # autocomplete lists each thread once, by its opening post
            doc["title_suggest"] = ""
        return doc

    # --- Read side: what a hit shows of its post, for this viewer, read now ---

    @classmethod
    def hit_details(cls, viewer: Viewer, post_ids: Iterable[int]) -> dict[int, PostHit]:
        """Author, date and link of the posts ``post_ids`` the viewer may read (others are left out).

        The link is the forum's own: the page of the thread that holds the post, as this viewer
        sees the thread, with the post's anchor (one query for all of them)."""
        posts = posts_with_position(viewer, post_ids).select_related("author")
        return {
            post.pk: PostHit(
                url=post_url(viewer, post),
                author=post.author.display_name if post.author else gettext("ehemaliges Mitglied"),
                date=post.created_at,
            )
            for post in posts
        }
