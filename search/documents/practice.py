"""The practice index: live best practices (cms) with their taxonomy and the text of their PDFs."""

# No ``from __future__ import annotations``: elasticsearch.dsl reads the class annotations (see base).

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from elasticsearch.dsl import Integer, Keyword, Text

from cms.models import TERM_FIELDS, PracticeAttachment, PracticePage
from cms.permissions import practice_audience
from exchange.models import Region

from .. import outbox
from ..analysis import german_fields
from .base import GERMAN, BaseDocument

REGION_LABELS: dict[str, str | Promise] = dict(Region.choices)
"""Labels of the ``region`` facet (the practice's region, else its organisation's)."""


class PracticeDocument(BaseDocument):
    kind = outbox.PRACTICE
    label = gettext_lazy("Praxisbeispiel")
    model: ClassVar[type[PracticePage]] = PracticePage
    # Decision (search.attachments): the text of the attached PDFs is part of the practice's own
    # document, so a word only in a PDF finds the practice with the practice's visibility.
    MAX_ATTACHMENT_CHARS: ClassVar[int] = 200_000

    organisation_id = Integer()
    status = Keyword()
    started_year = Integer()
    term_ids = Integer()  # taxonomy term ids, for "similar practices" (search.similar)
    attachment_text = Text(analyzer=GERMAN)

    @classmethod
    def get_queryset(cls) -> QuerySet[Any]:
        attachments = PracticeAttachment.objects.select_related("document", "document__search_text")
        return (
            PracticePage.objects.live()
            .select_related("organisation")
            .prefetch_related(
                "working_groups",
                Prefetch("attachments", queryset=attachments.order_by("sort_order", "pk")),
                *TERM_FIELDS,
            )
            .order_by("pk")
        )

    @classmethod
    def prepare(cls, obj: Any) -> dict[str, Any]:
        body = obj.body_text()
        terms = {name: obj.term_names(name) for name in TERM_FIELDS}
        return {
            **cls.prepare_card(obj),
            "body": body,
            **german_fields(obj.title, obj.summary, body),
            "organisation_id": obj.organisation_id,
            "status": obj.status,
            "started_year": obj.started_year,
            "region": obj.region or obj.organisation.region,
            **terms,
            "tags": "\n".join(name for names in terms.values() for name in names),
            "term_ids": sorted({t.pk for name in TERM_FIELDS for t in getattr(obj, name).all()}),
            "attachment_text": cls.prepare_attachment_text(obj),
        }

    @classmethod
    def prepare_card(cls, obj: Any) -> dict[str, Any]:
        """What a hit shows and who may see it: part of the document, and all a promoted hit needs."""
        audience, groups = practice_audience(obj)
        return {
            "title": obj.title,
            "summary": obj.summary,
            "organisation": obj.organisation.name,
            "audience": audience,
            "group_ids": groups,
            "url": obj.url,
            "date": obj.last_published_at or obj.first_published_at,
        }

    @classmethod
    def cards(cls, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """:meth:`prepare_card` of the live practices ``ids``, read now (no text analysis, two queries)."""
        pages = (
            PracticePage.objects.live()
            .filter(pk__in=list(ids))
            .select_related("organisation")
            .prefetch_related("working_groups")
        )
        return {page.pk: cls.prepare_card(page) for page in pages}

    @classmethod
    def prepare_attachment_text(cls, page: Any) -> str:
        """The extracted text of the page's attachments, capped (uses the prefetched attachments)."""
        parts: list[str] = []
        size = 0
        for attachment in page.attachments.all():
            stored = getattr(attachment.document, "search_text", None)
            if stored is None or not stored.text:
                continue
            text = stored.text[: cls.MAX_ATTACHMENT_CHARS - size]
            parts.append(text)
            size += len(text)
            if size >= cls.MAX_ATTACHMENT_CHARS:
                break
        return "\n\n".join(parts)

    # --- Attachments: which files belong to which practice (search.attachments reads their text) ---

    @classmethod
    def attached_files(cls, pk: int) -> list[Any] | None:
        """The Wagtail documents attached to the live practice ``pk``; None when it is gone or not live."""
        page = PracticePage.objects.live().filter(pk=pk).first()
        if page is None:
            return None
        return [a.document for a in page.attachments.select_related("document")]

    @classmethod
    def has_attached_files(cls, page: Any) -> bool:
        return bool(page.attachments.exists())

    @classmethod
    def ids_attaching(cls, file: Any) -> list[int]:
        """Practices (live or not) that attach the Wagtail document ``file``."""
        return sorted(set(PracticeAttachment.objects.filter(document=file).values_list("page_id", flat=True)))

    @classmethod
    def ids_missing_attachment_text(cls, *, limit: int) -> list[int]:
        """Live practices with a PDF whose text is missing or older than the file."""
        pdfs = PracticeAttachment.objects.filter(page__live=True, document__file__iendswith=".pdf").filter(
            Q(document__search_text__isnull=True)
            | ~Q(document__search_text__file_hash=F("document__file_hash"))
        )
        return sorted(set(pdfs.values_list("page_id", flat=True)[:limit]))
