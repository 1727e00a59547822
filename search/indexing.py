"""How database objects become search documents. The only place that knows both sides."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from cms.models import PracticePage
from cms.permissions import practice_audience
from exchange.models import Post, Thread
from exchange.permissions import category_audience

from .analysis import german_fields


@dataclass(frozen=True)
class Source:
    """One document kind: which objects exist, and how one becomes a document."""

    kind: str

    def queryset(self) -> Any:
        if self.kind == "practice":
            return (
                PracticePage.objects.live()
                .select_related("organisation")
                .prefetch_related("working_groups")
                .order_by("pk")
            )
        if self.kind == "thread":
            first_posts = Post.objects.filter(is_hidden=False).order_by("created_at", "id")
            return (
                Thread.objects.select_related("category")
                .prefetch_related("category__working_groups", Prefetch("posts", queryset=first_posts))
                .order_by("pk")
            )
        raise ValueError(self.kind)

    def documents(self, ids: Iterable[int] | None = None, chunk: int = 500) -> Iterator[tuple[int, dict]]:
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        for obj in qs.iterator(chunk_size=chunk):
            yield obj.pk, self.document(obj)

    def document(self, obj: Any) -> dict:
        if self.kind == "practice":
            audience, groups = practice_audience(obj)
            body = obj.body_text()
            return {
                "type": "practice",
                "title": obj.title,
                "summary": obj.summary,
                "body": body,
                **german_fields(obj.title, obj.summary, body),
                "organisation": obj.organisation.name,
                "organisation_id": obj.organisation_id,
                "audience": audience,
                "group_ids": groups,
                "url": obj.url,
                "date": obj.last_published_at or obj.first_published_at,
                "status": obj.status,
                "year": obj.started_year,
            }
        audience, groups = category_audience(obj.category)
        posts = list(obj.posts.all())
        summary, body = (posts[0].body if posts else ""), "\n\n".join(p.body for p in posts[1:])
        return {
            "type": "thread",
            "title": obj.title,
            "summary": summary,
            "body": body,
            **german_fields(obj.title, summary, body),
            "organisation": "",
            "audience": audience,
            "group_ids": groups,
            "url": reverse("forum-thread", kwargs={"pk": obj.pk}),
            "date": obj.last_activity_at,
            "category_id": obj.category_id,
            "category": obj.category.name,
        }


SOURCES = {kind: Source(kind) for kind in ("practice", "thread")}
