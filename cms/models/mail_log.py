"""The mail log that makes practice notifications idempotent."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PracticeMailSent(models.Model):
    """Remembers that a notification was sent, so that a repeated task sends nothing twice."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Versandte Benachrichtigung")
        verbose_name_plural = _("Versandte Benachrichtigungen")

    def __str__(self) -> str:
        return self.key
