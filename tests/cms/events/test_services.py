"""Registering, cancelling and the waiting list, through the real services on PostgreSQL."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from cms.events import services
from cms.events.models import Registration
from tests.factories import member_create

pytestmark = pytest.mark.django_db

R, W, C = Registration.Status.REGISTERED, Registration.Status.WAITING, Registration.Status.CANCELLED


def people(org, n: int):
    return [member_create(org, email=f"person{i}@example.org") for i in range(n)]


def statuses(event):
    return dict(Registration.objects.filter(event=event).values_list("user__email", "status"))


def test_a_full_event_puts_the_next_person_on_the_waiting_list(publish, org):
    event = publish(capacity=2)
    a, b, c = people(org, 3)
    assert services.registration_create(user=a, event=event).status == R
    assert services.registration_create(user=b, event=event).status == R
    assert services.registration_create(user=c, event=event).status == W


def test_a_cancelled_place_moves_the_first_on_the_waiting_list_up_and_mails_them(
    publish, org, django_capture_on_commit_callbacks
):
    event = publish(capacity=1)
    a, b, c = people(org, 3)
    for person in (a, b, c):
        services.registration_create(user=person, event=event)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(user=a, event=event)

    assert statuses(event) == {a.email: C, b.email: R, c.email: W}
    (moved_up,) = mail.outbox  # tasks run eagerly here; the queue tests run them on a worker
    assert moved_up.to == [b.email]
    assert "Nachgerückt" in moved_up.subject


def test_a_waiting_person_who_cancels_frees_no_place(publish, org):
    event = publish(capacity=1)
    a, b, c = people(org, 3)
    for person in (a, b, c):
        services.registration_create(user=person, event=event)
    services.registration_cancel(user=b, event=event)
    assert statuses(event) == {a.email: R, b.email: C, c.email: W}


def test_registering_again_after_cancelling_queues_at_the_end(publish, org):
    event = publish(capacity=1)
    a, b = people(org, 2)
    services.registration_create(user=a, event=event)
    services.registration_cancel(user=a, event=event)
    services.registration_create(user=b, event=event)
    again = services.registration_create(user=a, event=event)
    assert again.status == W
    assert Registration.objects.filter(event=event, user=a).count() == 1


def test_registering_twice_is_refused_in_german(publish, member):
    event = publish()
    services.registration_create(user=member, event=event)
    with pytest.raises(ValidationError, match="bereits angemeldet"):
        services.registration_create(user=member, event=event)


def test_no_registration_after_the_deadline_or_once_the_event_started(publish, member):
    closed = publish(days=5, deadline_days=-0.01)
    with pytest.raises(ValidationError, match="Anmeldeschluss"):
        services.registration_create(user=member, event=closed)
    running = publish(title="Läuft", days=-0.01, hours=5)
    with pytest.raises(ValidationError, match="bereits begonnen"):
        services.registration_create(user=member, event=running)
    assert not Registration.objects.exists()


def test_only_members_who_may_see_the_event_register(
    publish, member, group_member, working_group, pending_user
):
    group_event = publish(audience="groups", groups=[working_group])
    with pytest.raises(PermissionDenied):
        services.registration_create(user=member, event=group_event)
    with pytest.raises(PermissionDenied):
        services.registration_create(user=pending_user, event=publish(title="Öffentlich", audience="public"))
    assert services.registration_create(user=group_member, event=group_event).status == R


def test_someone_who_lost_the_right_to_see_the_event_is_skipped_on_the_waiting_list(
    publish, org, working_group
):
    event = publish(capacity=1, audience="groups", groups=[working_group])
    a, b, c = people(org, 3)
    working_group.members.add(a, b, c)
    for person in (a, b, c):
        services.registration_create(user=person, event=event)
    working_group.members.remove(b)
    for person in (a, b, c):
        person.__dict__.pop("_viewer", None)

    services.registration_cancel(user=a, event=event)

    assert statuses(event) == {a.email: C, b.email: W, c.email: R}


def test_cancelling_without_a_registration_is_refused(publish, member):
    with pytest.raises(ValidationError, match="nicht angemeldet"):
        services.registration_cancel(user=member, event=publish())


def test_more_places_published_by_an_editor_move_the_waiting_list_up(publish, org):
    event = publish(capacity=1)
    a, b, c = people(org, 3)
    for person in (a, b, c):
        services.registration_create(user=person, event=event)
    event.capacity = 3
    event.save_revision().publish()  # Wagtail's page_published signal
    assert statuses(event) == {a.email: R, b.email: R, c.email: R}


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_place_get_one_place_and_one_waiting(event_index, org):
    from tests.cms.events.conftest import event_publish

    event = event_publish(event_index, capacity=1)
    a, b = people(org, 2)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def register(user):
        try:
            barrier.wait()
            results.append(services.registration_create(user=user, event=event).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [R, W]


def test_calendar_token_is_replaced_and_revoked(member):
    first = services.calendar_token_create(user=member)
    second = services.calendar_token_create(user=member)
    assert first != second
    assert member.calendar_feed_tokens.filter(revoked_at__isnull=True).count() == 1
    assert services.calendar_token_revoke(user=member) == 1
    assert services.calendar_token_revoke(user=member) == 0


def test_past_events_are_not_released_on_deletion_but_upcoming_places_are(publish, org):
    event = publish(capacity=1)
    a, b = people(org, 2)
    services.registration_create(user=a, event=event)
    services.registration_create(user=b, event=event)
    assert services.registrations_release(user=a) == 1
    assert statuses(event)[b.email] == R
    assert timezone.now() < event.start - datetime.timedelta(days=1)
