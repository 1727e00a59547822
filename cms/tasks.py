"""Celery tasks around best practices: thin, idempotent, tolerant of objects that are gone.

The review e-mails are German whoever clicked: ``cms.mail.mail_send`` renders them in the site's language.
"""

from celery import shared_task
from django.core.management import call_command

from . import services


@shared_task(acks_late=True)
def review_result_notify(workflow_state_id: int, task_state_id: int | None = None) -> bool:
    return services.review_result_notify(workflow_state_id=workflow_state_id, task_state_id=task_state_id)


@shared_task(acks_late=True)
def review_submitted_notify(task_state_id: int) -> bool:
    return services.review_submitted_notify(task_state_id=task_state_id)


@shared_task(acks_late=True)
def review_reminders_send() -> int:
    """Beat: remind owners before the review date of their practices passes."""
    return services.review_reminders_send()


@shared_task(acks_late=True)
def publish_scheduled() -> None:
    """Beat: publish and unpublish pages whose scheduled time has come (Wagtail's command)."""
    call_command("publish_scheduled")
