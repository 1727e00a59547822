"""Celery tasks of join requests: take the id, re-fetch, tolerate "gone", send the e-mails.
The worker imports this module through CELERY_IMPORTS."""

from celery import shared_task

from . import emails, retention
from .models import JoinRequest


@shared_task(name="cms.network.tasks.join_request_received_notify", acks_late=True)
def join_request_received_notify(join_request_id: int) -> int:
    join_request = JoinRequest.objects.filter(pk=join_request_id).first()
    if join_request is None:
        return 0
    return emails.join_request_received(join_request) + emails.join_request_editors_notice(join_request)


@shared_task(name="cms.network.tasks.join_request_decided_notify", acks_late=True)
def join_request_decided_notify(join_request_id: int) -> int:
    join_request = (
        JoinRequest.objects.select_related("organisation")
        .filter(pk=join_request_id, personal_data_erased_at__isnull=True)
        .first()
    )
    return emails.join_request_decided(join_request) if join_request else 0


@shared_task(name="cms.network.tasks.join_requests_erase")
def join_requests_erase() -> int:
    """Daily (beat): the retention rule of join requests (retention.join_requests_erase)."""
    return retention.join_requests_erase()
