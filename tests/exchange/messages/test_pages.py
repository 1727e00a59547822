"""Direct-message pages and API with the test client: the same rule everywhere (404 for the
conversations of others, editors included), German refusals with 400, 429 when writing too fast,
the links that start a conversation, the navigation count and the report queue."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from exchange.forum import services as forum_services
from exchange.messages import services
from exchange.messages.selectors import organisation_only_for
from exchange.models import Conversation, Message, MessageReport
from tests.factories import bearer_headers, practice_publish

pytestmark = pytest.mark.django_db


def test_the_conversation_page_shows_the_messages_and_marks_them_read(
    client, member, colleague, conversation
):
    client.force_login(colleague)
    page = client.get(reverse("messages")).content.decode()
    assert 'Nachrichten <span class="badge">(1 neu)</span>' in page
    assert member.display_name in page
    response = client.get(reverse("message-conversation", args=[conversation.pk]))
    assert response.status_code == 200
    assert "<strong>Kollegin</strong>" in response.content.decode()
    assert "1 neu" not in client.get(reverse("messages")).content.decode()


def test_others_get_404_editors_too(client, member, outsider, editor, conversation):
    url = reverse("message-conversation", args=[conversation.pk])
    for person in (outsider, editor):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code in (404, 302), person
        assert "Kollegin" not in response.content.decode()
    client.force_login(outsider)
    assert client.post(url, {"body": "eingeschlichen"}).status_code == 404
    assert not Message.objects.filter(body="eingeschlichen").exists()


def test_start_from_a_profile_and_reply(client, member, colleague):
    client.force_login(member)
    profile = client.get(reverse("profile-detail", args=[colleague.pk])).content.decode()
    start = reverse("message-start", args=[colleague.pk])
    assert start in profile
    response = client.post(start, {"body": "Haben Sie einen **Notrufknopf**?"})
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "message-conversation", args=[conversation.pk]
    )
    client.force_login(colleague)
    reply = client.post(reverse("message-conversation", args=[conversation.pk]), {"body": "Ja, seit 2022."})
    assert reply.status_code == 302
    assert conversation.messages.count() == 2


def test_start_page_is_404_for_people_one_may_not_write_to(client, member, outsider, pending_user):
    services.contact_settings_set(user=member, organisation_only=True)
    client.force_login(outsider)
    assert client.get(reverse("message-start", args=[member.pk])).status_code == 404
    assert client.get(reverse("message-start", args=[pending_user.pk])).status_code == 404
    assert client.get(reverse("message-start", args=[999999])).status_code == 404


def test_empty_message_is_a_german_400(client, member, conversation):
    client.force_login(member)
    response = client.post(reverse("message-conversation", args=[conversation.pk]), {"body": ""})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()  # the field error, in German
    assert conversation.messages.count() == 1


def test_writing_too_fast_is_refused_on_the_page_and_429_in_the_api(client, member, conversation, settings):
    settings.FORUM_RATE_LIMIT = {"NEW_ACCOUNT_DAYS": 7, "NEW_PER_MINUTE": 1, "PER_MINUTE": 1}
    client.force_login(member)
    response = client.post(reverse("message-conversation", args=[conversation.pk]), {"body": "Zu schnell"})
    assert response.status_code == 400 and "Nachrichten geschrieben" in response.content.decode()
    api = client.post(
        f"/api/messages/conversations/{conversation.pk}/messages",
        json.dumps({"body": "Zu schnell"}),
        content_type="application/json",
        **bearer_headers_for(member),
    )
    assert api.status_code == 429 and "Nachrichten" in api.json()["detail"]


def bearer_headers_for(user):
    return {f"HTTP_{k.upper()}": v for k, v in bearer_headers(user).items()}


def test_api_lists_reads_sends_and_marks_read(client, member, colleague, outsider, conversation):
    headers = bearer_headers_for(colleague)
    listed = client.get("/api/messages/conversations", **headers).json()
    assert [c["id"] for c in listed] == [conversation.pk] and listed[0]["unread"]
    detail = client.get(f"/api/messages/conversations/{conversation.pk}", **headers).json()
    assert detail["messages"][0]["body"] == "Hallo **Kollegin**"
    sent = client.post(
        f"/api/messages/conversations/{conversation.pk}/messages",
        json.dumps({"body": "Antwort"}),
        content_type="application/json",
        **headers,
    )
    assert sent.status_code == 201 and len(sent.json()["messages"]) == 2
    read = client.post(f"/api/messages/conversations/{conversation.pk}/read", **headers).json()
    assert read["unread_conversations"] == 0
    other = bearer_headers_for(outsider)
    for url in (f"/api/messages/conversations/{conversation.pk}",):
        response = client.get(url, **other)
        assert response.status_code == 404 and "Kollegin" not in response.content.decode()
    assert client.get("/api/messages/conversations", **other).json() == []


def test_api_start_refuses_unknown_and_blocked_people_alike(client, member, colleague, outsider):
    services.block_set(user=colleague, person=member)
    headers = bearer_headers_for(member)
    for recipient in (colleague.pk, 999999):
        response = client.post(
            "/api/messages/conversations",
            json.dumps({"recipient_ids": [recipient], "body": "Hallo"}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 404 and response.json()["detail"] == "Person nicht gefunden."
    ok = client.post(
        "/api/messages/conversations",
        json.dumps({"recipient_ids": [outsider.pk], "body": "Hallo"}),
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 201


def test_report_queue_shows_only_reported_messages_to_editors_only(
    client, member, colleague, editor, conversation
):
    services.message_send(author=member, conversation=conversation, body="Geheimer Rest")
    first = conversation.messages.order_by("pk").first()
    client.force_login(colleague)
    response = client.post(reverse("message-report", args=[first.pk]), {"reason": "beleidigend"})
    assert response.status_code == 302
    assert client.get(reverse("message-reports")).status_code == 404
    client.force_login(editor)
    queue = client.get(reverse("message-reports"))
    assert queue.status_code == 200
    assert "<strong>Kollegin</strong>" in queue.content.decode()
    assert "Geheimer Rest" not in queue.content.decode()
    report = MessageReport.objects.get()
    client.post(reverse("message-report-resolve", args=[report.pk]), {"action": "hide"})
    first.refresh_from_db()
    assert first.hidden_by_moderation


def test_forum_post_author_gets_a_message_link(client, member, colleague, open_category):
    thread = forum_services.thread_create(
        author=colleague, category=open_category, title="Frage", body="Text"
    )
    client.force_login(member)
    page = client.get(reverse("forum-thread", args=[thread.pk])).content.decode()
    assert reverse("message-start", args=[colleague.pk]) in page
    services.block_set(user=colleague, person=member)
    page = client.get(reverse("forum-thread", args=[thread.pk])).content.decode()
    assert reverse("message-start", args=[colleague.pk]) not in page


def test_settings_page_saves_organisation_only_and_lists_blocks(client, member, colleague):
    client.force_login(member)
    client.post(reverse("message-block", args=[colleague.pk]))
    page = client.get(reverse("message-settings")).content.decode()
    assert colleague.display_name in page
    client.post(reverse("message-settings"), {"organisation_only": "on"})
    assert organisation_only_for(member)


def test_practice_contact_person_gets_a_message_link_when_a_member(
    client, member, colleague, outsider, practice_index, org
):
    practice = practice_publish(practice_index, title="Notrufknopf im Bürgerbüro", organisation=org)
    practice.contact_name, practice.contact_email = "Kollegin", colleague.email.upper()
    practice.save_revision().publish()
    client.force_login(member)
    page = client.get(practice.url).content.decode()
    assert reverse("message-start", args=[colleague.pk]) in page
    services.contact_settings_set(user=colleague, organisation_only=True)
    client.force_login(outsider)
    page = client.get(practice.url).content.decode()
    assert reverse("message-start", args=[colleague.pk]) not in page
