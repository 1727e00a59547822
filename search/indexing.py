"""How database objects become search documents. The only place that knows both sides."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from cms.models import PracticePage
from cms.permissions import practice_audience
from cms.selectors import TERM_FIELDS
from exchange.forum.permissions import category_audience
from exchange.models import Post, Thread

from .analysis import german_fields, suggest_text
from .attachments import attachments_queryset, practice_attachment_text


def fingerprint(document: dict) -> str:
    """A short hash of everything a document says: equal fingerprints, equal documents."""
    data = json.dumps({k: v for k, v in document.items() if k != "fingerprint"}, sort_keys=True, default=str)
    return hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Source:
    """One document kind: which objects exist, and how one becomes a document."""

    kind: str

    def queryset(self) -> Any:
        if self.kind == "practice":
            return (
                PracticePage.objects.live()
                .select_related("organisation")
                .prefetch_related(
                    "working_groups",
                    Prefetch("attachments", queryset=attachments_queryset()),
                    *TERM_FIELDS,
                )
                .order_by("pk")
            )
        if self.kind == "thread":
            # One document per thread: the visible posts in order. Hidden posts never reach the index;
            # a thread the forum hides as a whole (when the model has such a flag) is no document at
            # all, so its posts cannot be found either.
            visible_posts = Post.objects.filter(is_hidden=False).order_by("created_at", "id")
            threads = Thread.objects.all()
            for flag in ("is_hidden", "is_deleted"):
                if any(f.name == flag for f in Thread._meta.get_fields()):
                    threads = threads.filter(**{flag: False})
            return (
                threads.select_related("category")
                .prefetch_related("category__working_groups", Prefetch("posts", queryset=visible_posts))
                .order_by("pk")
            )
        raise ValueError(self.kind)

    def documents(self, ids: Iterable[int] | None = None, chunk: int = 500) -> Iterator[tuple[int, dict]]:
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        for obj in qs.iterator(chunk_size=chunk):
            document = self.finish(obj.pk, self.document(obj))
            document["fingerprint"] = fingerprint(document)
            yield obj.pk, document

    def finish(self, pk: int, doc: dict) -> dict:
        """What every kind's documents carry: the paging tie-breaker, the year facet, autocomplete."""
        date = doc.get("date")
        doc = {k: v for k, v in doc.items() if k not in ("organisation", "region") or v}  # no "" facet
        return {
            **doc,
            "uid": f"{self.kind}-{pk}",
            "year": date.year if date is not None else None,
            "title_suggest": suggest_text(doc.get("title", ""), doc.get("title_parts", "")),
        }

    def document(self, obj: Any) -> dict:
        if self.kind == "practice":
            audience, groups = practice_audience(obj)
            body = obj.body_text()
            terms = {name: obj.term_names(name) for name in TERM_FIELDS}
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
                "started_year": obj.started_year,
                "region": obj.region or obj.organisation.region,
                **terms,
                "tags": "\n".join(name for names in terms.values() for name in names),
                "term_ids": sorted({t.pk for name in TERM_FIELDS for t in getattr(obj, name).all()}),
                "attachment_text": practice_attachment_text(obj),
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
            "audience": audience,
            "group_ids": groups,
            "url": reverse("forum-thread", kwargs={"pk": obj.pk}),
            "date": obj.last_activity_at,
            "category_id": obj.category_id,
            "category": obj.category.name,
        }


SOURCES = {kind: Source(kind) for kind in ("practice", "thread")}
