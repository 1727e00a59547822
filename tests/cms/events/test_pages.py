"""Event pages, registration through the views, materials, calendar files and the personal feed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from icalendar import Calendar
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.events import services
from cms.events.models import EventMaterial, Registration
from exchange.people import services as people_services
from exchange.people.selectors import user_data_export
from tests.factories import member_create

pytestmark = pytest.mark.django_db


def material(event, text: str = "Protokoll des Treffens") -> EventMaterial:
    document = get_document_model().objects.create(
        title="Protokoll",
        file=ContentFile(text.encode(), name="protokoll.txt"),
        collection=Collection.get_first_root_node(),
    )
    return EventMaterial.objects.create(page=event, document=document, sort_order=0)


def summaries(content: bytes) -> list[str]:
    return [str(e["summary"]) for e in Calendar.from_ical(content).walk("VEVENT")]


def test_a_members_event_sends_visitors_to_the_login_and_shows_members_the_registration(
    client, publish, member
):
    event = publish(capacity=5)
    response = client.get(event.url)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    client.force_login(member)
    page = client.get(event.url).content.decode()
    assert "Verbindlich anmelden" in page and "5 von 5 frei" in page


def test_a_public_event_shows_visitors_the_way_to_log_in(client, publish):
    page = client.get(publish(audience="public").url).content.decode()
    assert "Melden Sie sich an" in page and "Verbindlich anmelden" not in page


def test_a_working_group_event_does_not_exist_for_other_members(client, publish, member, working_group):
    event = publish(audience="groups", groups=[working_group])
    client.force_login(member)
    assert client.get(event.url).status_code == 404
    assert client.post(reverse("event-register", args=[event.pk])).status_code == 404
    assert client.get(reverse("event-ics", args=[event.pk])).status_code == 404
    assert event.title not in client.get("/veranstaltungen/").content.decode()
    assert event.title not in client.get(reverse("members-home")).content.decode()


def test_registering_and_cancelling_through_the_page(
    client, publish, member, django_capture_on_commit_callbacks
):
    event = publish(capacity=1, online_url="https://video.example/raum")
    client.force_login(member)
    assert "video.example/raum" not in client.get(event.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("event-register", args=[event.pk]), follow=True)
    page = response.content.decode()
    assert "Sie sind angemeldet." in page and "video.example/raum" in page  # the link, once registered
    response = client.post(reverse("event-cancel", args=[event.pk]), follow=True)
    assert "Sie sind abgemeldet." in response.content.decode()
    assert Registration.objects.get(user=member).status == Registration.Status.CANCELLED


def test_a_refused_registration_answers_with_the_german_reason(client, publish, member):
    event = publish(deadline_days=-0.01)
    client.force_login(member)
    response = client.post(reverse("event-register", args=[event.pk]), follow=True)
    assert "Der Anmeldeschluss ist vorbei" in response.content.decode()
    assert client.get(reverse("event-register", args=[event.pk])).status_code == 405


def test_materials_are_served_with_the_events_visibility(
    client, publish, member, group_member, working_group
):
    event = publish(days=-30, audience="groups", groups=[working_group])
    item = material(event)
    url = reverse("event-material", args=[event.pk, item.pk])
    wagtail_url = reverse("wagtaildocs_serve", args=[item.document.pk, item.document.filename])

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"]
    assert client.get(wagtail_url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 404
    assert client.get(wagtail_url).status_code == 404
    client.force_login(group_member)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Protokoll des Treffens"
    assert response["Cache-Control"] == "private, no-store"


def test_the_event_as_a_calendar_file(client, publish, member):
    event = publish(title="Webinar Deeskalation", online_url="https://video.example/x")
    client.force_login(member)
    response = client.get(reverse("event-ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["summary"]) == "Webinar Deeskalation"
    assert vevent.decoded("dtstart") == event.start.replace(microsecond=0)
    assert "video.example" not in response.content.decode()  # not registered: no access link


def test_the_personal_feed_lists_the_events_with_a_place_and_ends_when_revoked(client, publish, org):
    person = member_create(org, email="abo@example.org")
    mine = publish(title="Mein Treffen")
    publish(title="Fremdes Treffen")
    services.registration_create(user=person, event=mine)
    client.force_login(person)
    page = client.post(reverse("event-calendar"), {"action": "create"}).content.decode()
    feed_path = urlsplit(page.split('id="feed-url"', 1)[1].split('value="', 1)[1].split('"', 1)[0]).path
    client.logout()

    response = client.get(feed_path)
    assert response.status_code == 200
    assert summaries(response.content) == ["Mein Treffen"]

    client.force_login(person)
    client.post(reverse("event-calendar"), {"action": "revoke"})
    client.logout()
    assert client.get(feed_path).status_code == 404
    assert client.get(reverse("event-calendar-feed", kwargs={"token": "erfunden"})).status_code == 404


def test_registrations_are_in_the_data_export_and_deletion_frees_the_place(publish, org):
    event = publish(title="Netzwerktreffen Bonn", capacity=1)
    leaving = member_create(org, email="geht@example.org")
    waiting = member_create(org, email="wartet@example.org")
    services.registration_create(user=leaving, event=event)
    services.registration_create(user=waiting, event=event)

    exported = user_data_export(leaving)["veranstaltungen"]
    assert [(r["veranstaltung"], r["status"]) for r in exported] == [("Netzwerktreffen Bonn", "registered")]

    people_services.user_delete(user=leaving)
    assert not Registration.objects.filter(user_id=leaving.pk).exists()
    assert Registration.objects.get(user=waiting).status == Registration.Status.REGISTERED


def test_the_members_start_page_shows_the_next_visible_events(client, publish, member):
    publish(title="Bald", days=3)
    publish(title="Später", days=20)
    publish(title="Vorbei", days=-3)
    client.force_login(member)
    page = client.get(reverse("members-home")).content.decode()
    assert "Nächste Veranstaltungen" in page
    assert page.index("Bald") < page.index("Später") and "Vorbei" not in page
