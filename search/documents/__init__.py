"""Search documents: one class per index, registered here by kind (as Kitsune's search/documents.py).

Each class is the index mapping and the one place that knows its side of cms or exchange: which
objects exist (``get_queryset``, with the prefetches) and how one becomes a document (``prepare``).
The drain, the rebuild and the check work through :data:`DOCUMENTS` and never switch over kinds.
"""

from .base import GERMAN, SPELL_FIELD, BaseDocument, fingerprint
from .guide import GuideChapterDocument
from .practice import REGION_LABELS, PracticeDocument
from .thread import ThreadDocument

DOCUMENTS: dict[str, type[BaseDocument]] = {
    cls.kind: cls for cls in (PracticeDocument, ThreadDocument, GuideChapterDocument)
}

__all__ = [
    "DOCUMENTS",
    "GERMAN",
    "REGION_LABELS",
    "SPELL_FIELD",
    "BaseDocument",
    "GuideChapterDocument",
    "PracticeDocument",
    "ThreadDocument",
    "fingerprint",
]
