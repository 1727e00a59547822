"""The indexing outbox: one row per changed object, written in the same transaction as the change."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """ "Object ``kind``/``object_id`` changed; make the index match the database."

    The row carries no payload and no action: the drainer reads the object's current state and
    indexes or deletes it, so draining is idempotent and the order of rows does not matter.
    """

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Index-Auftrag")
        verbose_name_plural = _("Index-Aufträge")
        indexes = [
            models.Index(fields=["id"], condition=models.Q(processed_at__isnull=True), name="outbox_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
