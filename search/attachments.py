"""Text of practice attachments (PDF) for the search: extracted once per file, indexed with the practice.

Decision: the text becomes a field of the practice's own search document (``attachment_text``),
not a separate "document" hit. A word that stands only in the PDF finds the practice, with the
snippet taken from the PDF text, and the hit has the practice's audience and working groups by
construction: there is no second copy of the permission data that could drift.

Flow (after commit, idempotent): a practice is published → :func:`practice_published` queues
:func:`search.tasks.extract_attachments` after commit → :func:`practice_attachments_extract`
reads each PDF whose file hash it has not seen → :class:`~search.models.AttachmentText` → an outbox
row for the practice, so the normal indexing pipeline puts the text into the index.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.signals import page_published

from . import outbox
from .models import AttachmentText

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 25 * 1024 * 1024  # larger files are not read at all
MAX_PAGES = 300
MAX_CHARS_PER_DOCUMENT = 100_000
MAX_CHARS_PER_PRACTICE = 200_000


class ExtractionError(Exception):
    """The file could not be read as a PDF."""


def pdf_text(
    data: bytes, *, max_pages: int = MAX_PAGES, max_chars: int = MAX_CHARS_PER_DOCUMENT
) -> tuple[str, bool]:
    """Plain text of a PDF, capped; returns ``(text, truncated)``. Raises :class:`ExtractionError`."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("encrypted")
        pages = reader.pages
        count = len(pages)
    except ExtractionError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, OSError, RecursionError) as exc:
        raise ExtractionError(f"{type(exc).__name__}: {exc}") from exc
    parts: list[str] = []
    size = 0
    truncated = count > max_pages
    for index in range(min(count, max_pages)):
        try:
            text = pages[index].extract_text() or ""
        except Exception as exc:  # one broken page must not lose the others
            log.warning("pdf page %d unreadable: %s", index + 1, exc)
            continue
        text = " ".join(text.split())
        if not text:
            continue
        parts.append(text)
        size += len(text) + 1
        if size >= max_chars:
            truncated = True
            break
    joined = "\n".join(parts)
    if len(joined) > max_chars:
        joined, truncated = joined[:max_chars], True
    return joined, truncated


def _is_pdf(document: Any) -> bool:
    return (document.file_extension or "").lower() == "pdf"


def attachment_text_extract(*, document: Any) -> bool:
    """Make the stored text of ``document`` match its file; return True when it changed.

    Idempotent: a file whose hash was already handled (read, failed or unsupported) is skipped.
    """
    file_hash = document.get_file_hash() if document.file else ""
    existing = AttachmentText.objects.filter(document=document).first()
    if existing is not None and existing.file_hash == file_hash:
        return False
    values: dict[str, Any] = {"file_hash": file_hash, "text": "", "truncated": False, "error": ""}
    if not _is_pdf(document):
        values["status"] = AttachmentText.Status.UNSUPPORTED
    else:
        try:
            size = document.get_file_size() or 0
            if size > MAX_FILE_BYTES:
                raise ExtractionError(f"file too large ({size} bytes)")
            with document.open_file() as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            values["text"], values["truncated"] = pdf_text(data)
            values["status"] = AttachmentText.Status.OK
        except (ExtractionError, OSError) as exc:
            log.warning("search: text of document %s not extracted: %s", document.pk, exc)
            values["status"] = AttachmentText.Status.FAILED
            values["error"] = str(exc)[:500]
    values["extracted_at"] = timezone.now()
    AttachmentText.objects.update_or_create(document=document, defaults=values)
    return (existing.text if existing is not None else "") != values["text"]


def practice_attachments_extract(*, page_id: int) -> int:
    """Extract the text of every attachment of a live practice; reindex it when a text changed.

    Returns the number of documents whose text changed. A practice that is gone or not live is
    skipped (the outbox already removed it from the index).
    """
    from cms.models import PracticePage

    page = PracticePage.objects.live().filter(pk=page_id).first()
    if page is None:
        return 0
    changed = 0
    for attachment in page.attachments.select_related("document"):
        if attachment_text_extract(document=attachment.document):
            changed += 1
    if changed:
        with transaction.atomic():
            outbox.record(outbox.PRACTICE, [page_id])
    return changed


def practice_attachment_text(page: Any) -> str:
    """The attachment text to index with ``page`` (uses prefetched attachments when present)."""
    parts: list[str] = []
    size = 0
    for attachment in page.attachments.all():
        stored = getattr(attachment.document, "search_text", None)
        if stored is None or not stored.text:
            continue
        text = stored.text[: MAX_CHARS_PER_PRACTICE - size]
        parts.append(text)
        size += len(text)
        if size >= MAX_CHARS_PER_PRACTICE:
            break
    return "\n\n".join(parts)


def attachments_queryset() -> Any:
    """How the indexing source prefetches attachments with their text (no query per practice)."""
    from cms.models import PracticeAttachment

    return PracticeAttachment.objects.select_related("document", "document__search_text").order_by(
        "sort_order", "pk"
    )


def attachments_extract_missing(*, limit: int = 200) -> list[int]:
    """Beat: queue extraction for live practices whose attachment text is missing or outdated
    (the broker was down when they were published, or a worker died). Returns the page ids."""
    from django.db.models import F, Q

    from cms.models import PracticeAttachment

    pdfs = PracticeAttachment.objects.filter(page__live=True, document__file__iendswith=".pdf").filter(
        Q(document__search_text__isnull=True) | ~Q(document__search_text__file_hash=F("document__file_hash"))
    )
    page_ids = sorted(set(pdfs.values_list("page_id", flat=True)[:limit]))
    _queue(page_ids)
    return page_ids


# --- Triggers (after commit) ----------------------------------------------------------------------


def _queue(page_ids: Iterable[int]) -> None:
    from .tasks import extract_attachments

    for page_id in sorted(set(page_ids)):
        # robust: a broker that is down must not turn a committed publish into an error page.
        transaction.on_commit(partial(extract_attachments.delay, page_id), robust=True)


def _connect() -> None:
    from cms.models import PracticeAttachment, PracticePage

    @receiver(page_published, sender=PracticePage, weak=False, dispatch_uid="search_attachments_publish")
    def practice_published(sender: Any, instance: Any, **kwargs: Any) -> None:
        if instance.attachments.exists():
            _queue([instance.pk])

    @receiver(post_save, sender=get_document_model(), weak=False, dispatch_uid="search_attachments_file")
    def document_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
        """A replaced file changes the text of every live practice that attaches it."""
        update_fields = kwargs.get("update_fields")
        if created or (update_fields and set(update_fields) <= {"file_hash", "file_size"}):
            return  # new documents are not attached yet; a computed hash changes no text
        page_ids = PracticeAttachment.objects.filter(document=instance).values_list("page_id", flat=True)
        _queue(page_ids)
