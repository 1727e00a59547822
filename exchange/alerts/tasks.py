"""Celery tasks of saved-search alerts (CELERY_IMPORTS, beat in cms/settings.py)."""

from celery import shared_task

from . import delivery


@shared_task(name="exchange.alerts.tasks.saved_search_alert_send", acks_late=True)
def saved_search_alert_send(saved_search_id: int) -> int:
    return delivery.alert_send(saved_search_id=saved_search_id)


@shared_task(name="exchange.alerts.tasks.saved_search_alerts_due", acks_late=True)
def saved_search_alerts_due() -> int:
    """Beat: one task per due saved search. A lost task leaves its search due for the next beat."""
    due = delivery.saved_searches_due()
    for saved_search_id in due:
        saved_search_alert_send.delay(saved_search_id)
    return len(due)
