"""The guide index: live chapters of the prevention guide (cms), a third kind beside practices and threads.

A chapter is as visible as its audience (the practices' rule, ``cms.permissions.can_view_page``
reads the same ``visibility()``), so the one search filter (search.permissions) hides members-only
chapters from hits, snippets, facet counts and suggestions alike.
"""

# No ``from __future__ import annotations``: elasticsearch.dsl reads the class annotations (see base).

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from cms.models import TERM_FIELDS, GuideChapterPage

from .. import outbox
from ..analysis import german_fields
from .base import BaseDocument


class GuideChapterDocument(BaseDocument):
    kind = outbox.GUIDE
    label = gettext_lazy("Leitfaden")

    @classmethod
    def get_queryset(cls) -> QuerySet[Any]:
        return GuideChapterPage.objects.live().prefetch_related("working_groups", *TERM_FIELDS).order_by("pk")

    @classmethod
    def prepare(cls, obj: Any) -> dict[str, Any]:
        audience, groups = obj.visibility()
        body = obj.body_text()
        terms = {name: obj.term_names(name) for name in TERM_FIELDS}
        return {
            "title": obj.title,
            "summary": obj.summary,
            "body": body,
            **german_fields(obj.title, obj.summary, body),
            **terms,
            "tags": "\n".join(name for names in terms.values() for name in names),
            "audience": audience,
            "group_ids": groups,
            "url": obj.url,
            "date": obj.last_published_at or obj.first_published_at,
        }
