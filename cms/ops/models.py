"""Failed Celery tasks, recorded in the database: web processes and workers are separate processes
(and containers), so a per-process counter could not say how many tasks failed; a row can."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_guid import get_guid

KEEP_FAILURES = timedelta(days=30)


class TaskFailure(models.Model):
    """A task that ended in an exception (after its retries). Only names, never the exception's
    message or the task's arguments: both may hold personal data or secrets (invitation tokens)."""

    task_name = models.CharField(_("Aufgabe"), max_length=200)
    task_id = models.CharField(max_length=64, blank=True)
    exception = models.CharField(_("Fehlerart"), max_length=200)
    request_id = models.CharField(_("Anfrage-ID"), max_length=64, blank=True)
    failed_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Fehlgeschlagene Aufgabe")
        verbose_name_plural = _("Fehlgeschlagene Aufgaben")
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.task_name}: {self.exception}"


def task_failure_record(
    sender: Any = None, task_id: str | None = None, exception: Any = None, **_: Any
) -> None:
    """Celery's ``task_failure`` signal: one row per failure, older rows pruned on the way."""
    TaskFailure.objects.create(
        task_name=(getattr(sender, "name", None) or str(sender))[:200],
        task_id=(task_id or "")[:64],
        exception=type(exception).__name__[:200] if exception is not None else "",
        request_id=(get_guid() or "")[:64],
    )
    TaskFailure.objects.filter(failed_at__lt=timezone.now() - KEEP_FAILURES).delete()
