"""What an operator must hear about although every page still works: outboxes that stopped draining
and tasks that failed. Read from the database, so every process (each gunicorn worker, each
container) reports the same numbers; used by /api/health (cms/api.py) and /metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from exchange.models import NotificationOutbox
from search.models import OutboxEntry

from .models import TaskFailure


@dataclass(frozen=True)
class Backlog:
    pending: int
    oldest_age_seconds: float  # 0 when nothing is pending


@dataclass(frozen=True)
class Finding:
    ok: bool
    detail: str


def outbox_backlogs() -> dict[str, Backlog]:
    """Pending rows of the search outbox (also those that gave up after their attempts) and of the
    notification fan-out, with the age of the oldest."""
    now = timezone.now()
    out = {}
    for name, queryset in (
        ("search", OutboxEntry.objects.filter(processed_at__isnull=True)),
        ("notifications", NotificationOutbox.objects.filter(processed_at__isnull=True)),
    ):
        row = queryset.aggregate(pending=Count("pk"), oldest=Min("created_at"))
        oldest = row["oldest"]
        out[name] = Backlog(row["pending"], (now - oldest).total_seconds() if oldest else 0.0)
    return out


def task_failures_recent() -> dict[str, int]:
    """Failed tasks per task name within the last ``OPS_TASK_FAILURE_HOURS``."""
    since = timezone.now() - timedelta(hours=settings.OPS_TASK_FAILURE_HOURS)
    rows = TaskFailure.objects.filter(failed_at__gte=since).values("task_name").annotate(n=Count("pk"))
    return {row["task_name"]: row["n"] for row in rows}


def outbox_check() -> Finding:
    limit = settings.OPS_OUTBOX_STALE_MINUTES * 60
    stale = [
        f"{name}: {b.pending} seit {int(b.oldest_age_seconds // 60)} min"
        for name, b in outbox_backlogs().items()
        if b.oldest_age_seconds > limit
    ]
    if stale:
        return Finding(False, "unverarbeitet: " + "; ".join(stale))
    return Finding(True, f"nichts älter als {settings.OPS_OUTBOX_STALE_MINUTES} min")


def tasks_check() -> Finding:
    failed = sum(task_failures_recent().values())
    hours = settings.OPS_TASK_FAILURE_HOURS
    if failed:
        return Finding(False, f"{failed} fehlgeschlagen in {hours} h")
    return Finding(True, f"keine Fehler in {hours} h")
