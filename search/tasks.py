"""Celery tasks of the search side: thin, idempotent, tolerant of a missing search server."""

import logging

from celery import shared_task
from django.dispatch import receiver

from . import outbox, services

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8)
def drain_outbox(self) -> int:
    try:
        return services.outbox_drain()
    except services.SearchUnavailable as exc:
        log.warning(
            "search server unavailable; %d changes stay in the outbox", services.outbox_pending_count()
        )
        if self.request.is_eager:
            return 0  # the rows stay pending; the beat sweep retries them
        raise self.retry(exc=exc, countdown=min(2**self.request.retries, 60)) from exc


@receiver(outbox.recorded, dispatch_uid="search_drain_after_commit")
def drain_after_commit(sender, **kwargs) -> None:
    """A writer's transaction recorded changes and committed: drain them now (the sweep is the net)."""
    drain_outbox.delay()


@shared_task(acks_late=True)
def sweep_outbox() -> int:
    """Beat: drain rows left pending (broker was down, worker died, search was away)."""
    from .analytics import analytics_prune
    from .attachments import attachments_extract_missing

    services.outbox_prune()
    analytics_prune()
    attachments_extract_missing()
    pending = services.outbox_pending_count()
    if pending:
        drain_outbox.delay()
    return pending


@shared_task(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def extract_attachments(page_id: int) -> int:
    """Read the text of a published practice's PDFs (once per file) and queue its reindexing."""
    from .attachments import practice_attachments_extract

    return practice_attachments_extract(page_id=page_id)
