"""Attachments of posts and messages: the checks (the type is decided by the file's content, never by
its name), storing the checked files with their rows, and serving one to a reader."""

from __future__ import annotations

import os
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

# Detected extension -> MIME type sent when serving. Office formats are ZIP/OLE containers that
# filetype recognises by their inner structure.
ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
ALLOWED_LABEL = "PDF, PNG, JPG, DOCX, XLSX, PPTX, ODT, ODS, ODP"
HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    display_name: str
    stored_name: str
    content_type: str
    size: int


def attachment_storage() -> Storage:
    """Private storage outside MEDIA_ROOT (settings.STORAGES["forum_attachments"])."""
    return storages["forum_attachments"]


def safe_display_name(raw: str, extension: str) -> str:
    """The name shown and offered for download: no directories, no control characters, and the
    extension of the detected type (a PDF called "x.html" is offered as "x.pdf")."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem = os.path.splitext(name)[0].strip(" .")
    try:
        stem = get_valid_filename(stem)[:120].strip("._-") if stem else ""
    except SuspiciousFileOperation:  # nothing usable left, e.g. "???"
        stem = ""
    return f"{stem or 'anhang'}.{extension}"


def attachment_check(upload: UploadedFile) -> CheckedFile:
    """Validate one upload; raises ValidationError with a German message."""
    max_bytes = settings.FORUM_ATTACHMENT_MAX_BYTES
    size = upload.size or 0
    if size > max_bytes:
        raise ValidationError(
            _("Die Datei „%(name)s“ ist zu groß (höchstens %(mb)s MB).")
            % {"name": safe_display_name(upload.name or "", "x")[:-2], "mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ALLOWED:
        raise ValidationError(
            _("Dieser Dateityp ist nicht erlaubt. Erlaubt sind: %(types)s.") % {"types": ALLOWED_LABEL},
            code="type",
        )
    return CheckedFile(
        upload=upload,
        display_name=safe_display_name(upload.name or "", kind.extension),
        stored_name=f"{uuid.uuid4().hex}.{kind.extension}",
        content_type=ALLOWED[kind.extension],
        size=size,
    )


def attachments_check(uploads: list[UploadedFile]) -> list[CheckedFile]:
    limit = settings.FORUM_ATTACHMENTS_PER_POST
    if len(uploads) > limit:
        raise ValidationError(_("Höchstens %(n)s Anhänge je Beitrag.") % {"n": limit}, code="too_many")
    return [attachment_check(u) for u in uploads]


def attachments_store(
    checked: Sequence[CheckedFile], row_create: Callable[[str, CheckedFile], Any], *, folder: str = ""
) -> None:
    """Write the files, each followed by its row (``row_create(stored_name, item)``). Called last in a
    write so that a failure removes the written files again; a file without a row (an outer
    rollback) is unreachable, never served."""
    storage = attachment_storage()
    written: list[str] = []
    try:
        for item in checked:
            name = storage.save(f"{folder}{item.stored_name}", item.upload)
            written.append(name)
            row_create(name, item)
    except Exception:
        for name in written:
            storage.delete(name)
        raise


def attachment_response(attachment: Any) -> FileResponse:
    """The stored file of an attachment row the caller has checked the reader may see: a download
    with the original name and sent type, never rendered by the browser; 404 when the file is gone."""
    try:
        handle = attachment_storage().open(attachment.stored_name, "rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
