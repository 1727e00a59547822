"""Adoptions ("Wir setzen das auch ein"): an organisation records that it uses a practice too."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .practice import PracticePage


class PracticeAdoption(models.Model):
    """An organisation records that it uses a practice too, optionally with an experience report."""

    page = models.ForeignKey(PracticePage, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(
        "exchange.Organisation", on_delete=models.CASCADE, related_name="adoptions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    experience = models.TextField(_("Erfahrungsbericht (Markdown)"), blank=True, max_length=4000)
    experience_html = models.TextField(editable=False, blank=True)  # rendered and sanitised (nh3)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Übernahme")
        verbose_name_plural = _("Übernahmen")
        constraints = [
            models.UniqueConstraint(fields=["page", "organisation"], name="adoption_unique_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.page}"
