"""A file attached to a page (a practice's attachment, an event's material): one Wagtail document
with an optional label, in the editors' order. The page model adds the ``ParentalKey``; the file is
served only through the page's permission-checking view, never by Wagtail's document URL."""

from __future__ import annotations

from django.db import models
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class PageDocument(Orderable):
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("Datei")
    )
    title = models.CharField(
        _("Bezeichnung"), max_length=200, blank=True, help_text=_("Leer lassen: Titel der Datei.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def label(self) -> str:
        return self.title or self.document.title

    def download_response(self) -> FileResponse:
        """The file for a reader the view has checked: a download, never rendered inline, never
        cached by a shared proxy; 404 when the stored file is gone."""
        try:
            handle = self.document.file.open("rb")
        except (OSError, ValueError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=self.document.filename)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
