"""Celery tasks of events: take ids, re-fetch, tolerate "gone", call :mod:`.emails`; the beat sweep."""

from __future__ import annotations

from celery import shared_task

from . import emails, selectors


@shared_task(name="cms.events.tasks.registration_confirm_send", acks_late=True)
def registration_confirm_send(registration_id: int, moved_up: bool = False) -> int:
    return emails.registration_confirm_send(registration_id=registration_id, moved_up=moved_up)


@shared_task(name="cms.events.tasks.registration_remind_send", acks_late=True)
def registration_remind_send(registration_id: int) -> int:
    return emails.registration_remind_send(registration_id=registration_id)


@shared_task(name="cms.events.tasks.events_sweep", acks_late=True)
def events_sweep() -> int:
    """Beat (hourly): reminders for events starting within a day, and confirmations whose task was
    lost. Both tasks are idempotent, so queueing one twice sends one e-mail."""
    due = selectors.reminders_due()
    for registration_id in due:
        registration_remind_send.delay(registration_id)
    unconfirmed = selectors.confirmations_missing()
    for registration_id in unconfirmed:
        registration_confirm_send.delay(registration_id)
    return len(due) + len(unconfirmed)
