"""Celery tasks of the search side (thin, idempotent, tolerant of a missing search server), and the
receivers that queue them after commit."""

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from celery import shared_task
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.signals import page_published

from . import attachments, drain, outbox
from .analytics import analytics_prune
from .client import SearchUnavailable
from .documents import PracticeDocument

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8)
def drain_outbox(self) -> int:
    try:
        return drain.outbox_drain()
    except SearchUnavailable as exc:
        log.warning("search server unavailable; %d changes stay in the outbox", drain.outbox_pending_count())
        if self.request.is_eager:
            return 0  # the rows stay pending; the beat sweep retries them
        raise self.retry(exc=exc, countdown=min(2**self.request.retries, 60)) from exc


@shared_task(acks_late=True)
def sweep_outbox() -> int:
    """Beat: drain rows left pending (broker was down, worker died, search was away)."""
    drain.outbox_prune()
    analytics_prune()
    _extract_after_commit(attachments.practices_missing_text())
    pending = drain.outbox_pending_count()
    if pending:
        drain_outbox.delay()
    return pending


@shared_task(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def extract_attachments(page_id: int) -> int:
    """Read the text of a published practice's PDFs (once per file) and queue its reindexing."""
    return attachments.practice_attachments_extract(page_id=page_id)


# --- Receivers: queue the work once the writer's transaction has committed -------------------------


@receiver(outbox.recorded, dispatch_uid="search_drain_after_commit")
def drain_after_commit(sender: Any, **kwargs: Any) -> None:
    """A writer's transaction recorded changes and committed: drain them now (the sweep is the net)."""
    drain_outbox.delay()


@receiver(page_published, sender=PracticeDocument.model, dispatch_uid="search_attachments_publish")
def practice_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    if PracticeDocument.has_attached_files(instance):
        _extract_after_commit([instance.pk])


@receiver(post_save, sender=get_document_model(), dispatch_uid="search_attachments_file")
def file_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A replaced file changes the text of every practice that attaches it."""
    update_fields = kwargs.get("update_fields")
    if created or (update_fields and set(update_fields) <= {"file_hash", "file_size"}):
        return  # new documents are not attached yet; a computed hash changes no text
    _extract_after_commit(PracticeDocument.ids_attaching(instance))


def _extract_after_commit(page_ids: Iterable[int]) -> None:
    for page_id in sorted(set(page_ids)):
        # robust: a broker that is down must not turn a committed publish into an error page.
        transaction.on_commit(partial(extract_attachments.delay, page_id), robust=True)
