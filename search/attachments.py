"""Text of practice attachments (PDF) for the search: extracted once per file, indexed with the practice.

Decision: the text becomes a field of the practice's own search document (``attachment_text``),
not a separate "document" hit. A word that stands only in the PDF finds the practice, with the
snippet taken from the PDF text, and the hit has the practice's audience and working groups by
construction: there is no second copy of the permission data that could drift.

Flow (after commit, idempotent): a practice is published or an attached file replaced → the
receivers in ``search.tasks`` queue :func:`search.tasks.extract_attachments` after commit →
:func:`practice_attachments_extract` reads each PDF whose file hash it has not seen →
:class:`~search.models.AttachmentText` → an outbox row for the practice, so the normal indexing
pipeline puts the text into the index (``PracticeDocument.prepare_attachment_text``). Which files belong
to which practice is the practice document's knowledge (search.documents).
"""

from __future__ import annotations

import io
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from . import outbox
from .documents import PracticeDocument
from .models import AttachmentText

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 25 * 1024 * 1024  # larger files are not read at all
MAX_PAGES = 300
MAX_CHARS_PER_DOCUMENT = 100_000


class ExtractionError(Exception):
    """The file could not be read as a PDF."""


def pdf_text(
    data: bytes, *, max_pages: int = MAX_PAGES, max_chars: int = MAX_CHARS_PER_DOCUMENT
) -> tuple[str, bool]:
    """Plain text of a PDF, capped; returns ``(text, truncated)``. Raises :class:`ExtractionError`."""
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
    files = PracticeDocument.attached_files(page_id)
    if files is None:
        return 0
    changed = sum(1 for file in files if attachment_text_extract(document=file))
    if changed:
        with transaction.atomic():
            outbox.record(outbox.PRACTICE, [page_id])
    return changed


def practices_missing_text(*, limit: int = 200) -> list[int]:
    """Live practices whose attachment text is missing or outdated (the broker was down when they were
    published, or a worker died): the beat sweep queues their extraction."""
    return PracticeDocument.ids_missing_attachment_text(limit=limit)
