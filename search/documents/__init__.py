"""Search documents: one class per index, registered here by kind (as Kitsune's search/documents.py).

Each class is the index mapping and the one place that knows its side of cms or exchange: which
objects exist (``get_queryset``, with the prefetches) and how one becomes a document (``prepare``).
The drain, the rebuild and the check work through :data:`DOCUMENTS` and never switch over kinds.
"""

from .base import GERMAN, SPELL_FIELD, BaseDocument, fingerprint
from .guide import GuideChapterDocument
from .post import PostDocument, PostHit, plain_text
from .practice import REGION_LABELS, PracticeDocument

DOCUMENTS: dict[str, type[BaseDocument]] = {
    cls.kind: cls for cls in (PracticeDocument, PostDocument, GuideChapterDocument)
}
"""Index kind → document class (one index per kind)."""

PARENTS: dict[str, type[BaseDocument]] = {
    cls.parent_kind: cls for cls in DOCUMENTS.values() if cls.parent_kind
}
"""Outbox kind naming parents (a thread) → the document class of their children (posts)."""

FACET_TYPES: dict[str, type[BaseDocument]] = {cls.facet_type or cls.kind: cls for cls in DOCUMENTS.values()}
"""``type`` facet value → document class ("thread" → posts: a forum hit is a thread's best post)."""

__all__ = [
    "DOCUMENTS",
    "FACET_TYPES",
    "GERMAN",
    "PARENTS",
    "REGION_LABELS",
    "SPELL_FIELD",
    "BaseDocument",
    "GuideChapterDocument",
    "PostDocument",
    "PostHit",
    "PracticeDocument",
    "fingerprint",
    "plain_text",
]
