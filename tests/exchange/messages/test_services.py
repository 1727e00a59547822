"""Direct messages: who may write to whom, who reads what, read state, rate limit, reports,
leaving and deleting. Built through the real services; the pages and the API are in test_pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from exchange.access import viewer_for
from exchange.forum.services import RateLimited
from exchange.membership import services as membership_services
from exchange.messages import selectors, services
from exchange.messages.permissions import can_contact, can_read, can_send, contactable_ids
from exchange.models import Membership, Message, MessageReport, Notification, User
from exchange.people import services as people_services
from exchange.people.selectors import user_data_export

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_members_write_and_the_other_reads_rendered_and_sanitised(member, colleague):
    conversation = services.conversation_start(
        author=member, recipients=[colleague], body="Hallo <script>x</script> **fett**"
    )
    message = conversation.messages.get()
    assert "<strong>fett</strong>" in message.body_html
    assert "<script>" not in message.body_html
    view = selectors.conversation_view(viewer_for(colleague), conversation)
    assert [m.shown for m in view.messages] == [True]
    assert view.can_send and not view.closed


def test_writing_again_to_the_same_person_continues_the_conversation(member, colleague, conversation):
    again = services.conversation_start(author=member, recipients=[colleague], body="Noch eine Frage")
    assert again.pk == conversation.pk
    assert conversation.messages.count() == 2


def test_a_group_conversation_of_three(member, colleague, outsider):
    conversation = services.conversation_start(
        author=member, recipients=[colleague, outsider], body="An beide"
    )
    assert conversation.participants.count() == 3
    assert Notification.objects.filter(message__conversation=conversation).count() == 2


@pytest.mark.parametrize("who", ["pending_user", "ended"])
def test_non_members_can_neither_write_nor_be_written_to(request, member, who):
    person = request.getfixturevalue(who)
    assert not can_contact(viewer_for(member), person)
    assert not can_contact(viewer_for(person), member)
    with pytest.raises(PermissionDenied):
        services.conversation_start(author=member, recipients=[person], body="Hallo")
    with pytest.raises(PermissionDenied):
        services.conversation_start(author=person, recipients=[member], body="Hallo")


def test_nobody_writes_to_themselves(member):
    assert not can_contact(viewer_for(member), member)
    with pytest.raises(ValidationError):
        services.conversation_start(author=member, recipients=[member], body="Hallo")


def test_a_block_works_both_ways_and_closes_an_existing_conversation(member, colleague, conversation):
    services.block_set(user=colleague, person=member)
    assert not can_contact(viewer_for(member), colleague)
    assert not can_contact(viewer_for(colleague), member)
    assert not can_send(viewer_for(member), conversation)
    with pytest.raises(PermissionDenied):
        services.message_send(author=member, conversation=conversation, body="Doch noch")
    assert can_read(viewer_for(member), conversation)  # what was written stays readable
    services.block_remove(user=colleague, person=member)
    assert can_send(viewer_for(member), conversation)


def test_organisation_only_lets_colleagues_write_but_not_outsiders(member, colleague, outsider):
    services.contact_settings_set(user=member, organisation_only=True)
    assert can_contact(viewer_for(colleague), member)
    assert not can_contact(viewer_for(outsider), member)
    with pytest.raises(PermissionDenied):
        services.conversation_start(author=outsider, recipients=[member], body="Hallo")
    assert can_contact(viewer_for(member), outsider)  # the setting is about who writes to me


def test_contactable_ids_is_the_same_rule_as_can_contact(member, colleague, outsider, pending_user, ended):
    services.contact_settings_set(user=outsider, organisation_only=True)
    services.block_set(user=colleague, person=member)
    people = [member, colleague, outsider, pending_user, ended]
    viewer = viewer_for(member)
    assert contactable_ids(viewer, people) == {p.pk for p in people if can_contact(viewer, p)} == set()
    third = User.objects.create_user("dritte@example.org", first_name="Dritte")
    Membership.objects.create(user=third, organisation=member.memberships.get().organisation, status="active")
    assert contactable_ids(viewer, [*people, third]) == {third.pk}


def test_only_participants_read_editors_included(member, colleague, outsider, editor, conversation):
    assert can_read(viewer_for(colleague), conversation)
    assert not can_read(viewer_for(outsider), conversation)
    assert not can_read(viewer_for(editor), conversation)
    assert selectors.conversation_list(viewer_for(editor)) == []


def test_unread_count_and_mark_read(member, colleague, conversation):
    assert selectors.unread_count(viewer_for(colleague)) == 1
    assert selectors.unread_count(viewer_for(member)) == 0  # one's own message is read
    services.conversation_mark_read(user=colleague, conversation=conversation)
    assert selectors.unread_count(viewer_for(colleague)) == 0
    assert not Notification.objects.filter(recipient=colleague, read_at__isnull=True).exists()
    services.message_send(author=member, conversation=conversation, body="Und noch etwas")
    assert selectors.unread_count(viewer_for(colleague)) == 1


def test_new_accounts_have_the_forums_rate_limit(member, colleague, settings):
    settings.FORUM_RATE_LIMIT = {"NEW_ACCOUNT_DAYS": 7, "NEW_PER_MINUTE": 2, "PER_MINUTE": 10}
    conversation = services.conversation_start(
        author=member, recipients=[colleague], body="Eins", rate_limit=True
    )
    services.message_send(author=member, conversation=conversation, body="Zwei", rate_limit=True)
    with pytest.raises(RateLimited):
        services.message_send(author=member, conversation=conversation, body="Drei", rate_limit=True)
    assert conversation.messages.count() == 2  # nothing half-written


def test_bad_input_is_refused_and_nothing_written(member, colleague, conversation):
    with pytest.raises(ValidationError):
        services.message_send(author=member, conversation=conversation, body="   ")
    bogus = SimpleUploadedFile("x.pdf", b"<html>kein pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.message_send(author=member, conversation=conversation, body="Anhang", attachments=[bogus])
    assert conversation.messages.count() == 1


def test_attachments_follow_the_forum_rules(member, colleague, conversation, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "forum_attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    upload = SimpleUploadedFile("Plan.html", PDF, content_type="text/html")
    message = services.message_send(
        author=member, conversation=conversation, body="Anbei", attachments=[upload]
    )
    attachment = message.attachments.get()
    assert attachment.original_name == "Plan.pdf"  # the type comes from the content
    assert attachment.content_type == "application/pdf"


def test_report_flow_editors_see_only_the_reported_message(member, colleague, editor, conversation):
    other = services.message_send(author=member, conversation=conversation, body="Nicht gemeldet")
    reported = conversation.messages.order_by("pk").first()
    with pytest.raises(PermissionDenied):  # one's own message
        services.message_report(reporter=member, message=reported, reason="x")
    report = services.message_report(reporter=colleague, message=reported, reason="beleidigend")
    again = services.message_report(reporter=colleague, message=reported, reason="nochmal")
    assert again.pk == report.pk
    queue = list(selectors.report_queue(viewer_for(editor)))
    assert [r.message_id for r in queue] == [reported.pk]
    assert other.pk not in {r.message_id for r in queue}
    assert list(selectors.report_queue(viewer_for(member))) == []
    with pytest.raises(PermissionDenied):
        services.report_resolve(actor=member, report=report, hide=True)
    services.report_resolve(actor=editor, report=report, hide=True)
    reported.refresh_from_db()
    assert reported.hidden_by_moderation
    assert MessageReport.objects.get(pk=report.pk).outcome == MessageReport.Outcome.HIDDEN
    view = selectors.conversation_view(viewer_for(colleague), conversation)
    shown = {m.message.pk: m.shown for m in view.messages}
    assert shown == {reported.pk: False, other.pk: True}


def test_leaving_the_network_closes_the_conversation_and_withholds_the_text(member, colleague, conversation):
    membership = member.memberships.get()
    membership_services.membership_end(actor=member, membership=membership)
    member = User.objects.get(pk=member.pk)
    view = selectors.conversation_view(viewer_for(colleague), conversation)
    assert view.closed and not view.can_send
    assert [m.shown for m in view.messages] == [False]
    assert str(view.messages[0].notice) == "Diese Person hat das Netzwerk verlassen."
    assert not can_read(viewer_for(member), conversation)
    with pytest.raises(PermissionDenied):
        services.message_send(author=colleague, conversation=conversation, body="Hallo?")


def test_deleting_the_account_erases_the_texts(member, colleague, conversation):
    people_services.user_delete(user=member)
    message = Message.objects.get(conversation=conversation)
    assert message.author_id is None and message.body == "" and message.body_html == ""
    view = selectors.conversation_view(viewer_for(colleague), conversation)
    assert view.closed and [m.shown for m in view.messages] == [False]
    assert view.messages[0].author_name == "ehemaliges Mitglied"


def test_the_data_export_holds_ones_own_messages_only(member, colleague, conversation):
    services.message_send(author=colleague, conversation=conversation, body="Antwort der Kollegin")
    exported = user_data_export(member)["nachrichten"]
    texts = [m["text"] for c in exported["unterhaltungen"] for m in c["meine_nachrichten"]]
    assert texts == ["Hallo **Kollegin**"]
    assert "Antwort der Kollegin" not in str(exported)
