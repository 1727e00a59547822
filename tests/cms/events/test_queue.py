"""Event e-mails through a real Celery worker on Redis: confirmation, moving up, the reminder the day
before (never twice), each with an iCalendar attachment that is parsed back."""

from __future__ import annotations

from django.core import mail
from icalendar import Calendar

from cms.events import services, tasks
from cms.events.models import Registration
from tests.cms.events.conftest import event_publish
from tests.factories import member_create
from tests.queue import NEEDS_REDIS, queue_drained, wait_for

pytestmark = NEEDS_REDIS


def mails_to(email: str):
    return [m for m in mail.outbox if m.to == [email]]


def ics_of(message):
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    _filename, content, mimetype = attachment
    assert mimetype.startswith("text/calendar")
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    return vevent


def test_confirmation_and_moving_up_are_mailed_by_the_worker_with_the_event_attached(
    queue_worker, site_tree, org
):
    index = services.event_index_ensure(home=site_tree[0])
    event = event_publish(
        index, title="Webinar Deeskalation", capacity=1, online_url="https://video.example/r1"
    )
    first = member_create(org, email="erste@example.org")
    second = member_create(org, email="zweite@example.org")
    mail.outbox.clear()

    services.registration_create(user=first, event=event)
    services.registration_create(user=second, event=event)
    assert wait_for(lambda: mails_to(first.email) and mails_to(second.email)), "no mail from the worker"
    (confirmation,) = mails_to(first.email)
    assert "Anmeldung bestätigt" in confirmation.subject
    vevent = ics_of(confirmation)
    assert str(vevent["summary"]) == "Webinar Deeskalation"
    assert vevent.decoded("dtstart") == event.start.replace(microsecond=0)
    assert str(vevent["location"]) == "https://video.example/r1"  # a place: the access link
    (waiting,) = mails_to(second.email)
    assert "Warteliste" in waiting.subject
    assert "video.example" not in waiting.body and str(ics_of(waiting)["location"]) == "Online"

    services.registration_cancel(user=first, event=event)
    assert wait_for(lambda: len(mails_to(second.email)) == 2)
    moved_up = mails_to(second.email)[1]
    assert "Nachgerückt" in moved_up.subject
    assert str(ics_of(moved_up)["uid"]) == str(vevent["uid"])  # the same calendar entry, updated
    assert wait_for(queue_drained)
    assert len(mails_to(first.email)) == 1  # cancelling sends nothing


def test_the_reminder_the_day_before_is_sent_once_however_often_it_is_queued(queue_worker, site_tree, org):
    index = services.event_index_ensure(home=site_tree[0])
    tomorrow = event_publish(index, title="Netzwerktreffen morgen", days=0.8)
    later = event_publish(index, title="Netzwerktreffen später", days=5)
    person = member_create(org, email="erinnert@example.org")
    for event in (tomorrow, later):
        services.registration_create(user=person, event=event)
    assert wait_for(lambda: len(mails_to(person.email)) == 2)
    assert wait_for(queue_drained)
    mail.outbox.clear()

    tasks.events_sweep.delay()
    tasks.events_sweep.delay()
    registration = Registration.objects.get(event=tomorrow, user=person)
    tasks.registration_remind_send.delay(registration.pk)
    assert wait_for(lambda: mails_to(person.email))
    assert wait_for(queue_drained)

    (reminder,) = mails_to(person.email)
    assert "Erinnerung" in reminder.subject and "Netzwerktreffen morgen" in reminder.subject
    assert str(ics_of(reminder)["summary"]) == "Netzwerktreffen morgen"
    registration.refresh_from_db()
    assert registration.reminded_at is not None
    assert Registration.objects.get(event=later, user=person).reminded_at is None
