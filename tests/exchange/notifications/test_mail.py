"""Participation e-mails: immediate and the daily digest, re-checked against the recipient's rights."""

from __future__ import annotations

import pytest
from django.core import mail

from exchange.forum import services as forum_services
from exchange.models import (
    Follow,
    Notification,
    NotificationSettings,
    Post,
)
from exchange.notifications import services as notification_services
from exchange.notifications import tasks as notification_tasks
from tests.exchange.notifications.helpers import immediate, person

pytestmark = pytest.mark.django_db


def test_mailing_rechecks_permission_and_hidden_posts(working_group, ag_category, group_member, org, post):
    colleague = person(org, "k2@example.org", "Kai", "Zwo")
    working_group.members.add(colleague)
    notification_services.follow_set(user=colleague, category=ag_category, level=Follow.Level.ALL)
    thread = post(group_member, category=ag_category, title="Vertraulich")
    working_group.members.remove(colleague)  # leaves the group before the digest goes out
    mail.outbox.clear()
    assert notification_tasks.notification_digest_send(colleague.pk) == 0
    assert mail.outbox == []

    # Immediate mails are checked the same way, and a hidden post is never mailed.
    immediate(group_member)
    reply = forum_services.post_create(author=_other(org, working_group), thread=thread, body="x")
    notification_tasks.post_notify(reply.pk)  # its e-mail task waits for the commit that this test never does
    note = Notification.objects.get(post=reply, recipient=group_member)
    Post.objects.filter(pk=reply.pk).update(is_hidden=True)
    mail.outbox.clear()
    assert notification_tasks.notification_email_send(note.pk) == 0
    assert mail.outbox == []


def _other(org, working_group):
    user = person(org, "dritte@example.org", "Dora", "Dritte")
    working_group.members.add(user)
    return user


def test_daily_digest_bundles_what_each_member_may_see(
    org, member, partner, working_group, group_member, open_category, ag_category, post
):
    no_mail = person(org, "ruhe@example.org", "Keine", "Mails")
    notification_services.notification_settings_set(user=no_mail, email=NotificationSettings.Email.OFF)
    immediate(partner)
    for user in (member, no_mail, partner, group_member):
        notification_services.follow_set(user=user, category=open_category, level=Follow.Level.ALL)
    notification_services.follow_set(user=group_member, category=ag_category, level=Follow.Level.ALL)

    thread = post(partner, category=open_category, title="Hausverbot durchsetzen", body="Wie geht ihr vor?")
    post(group_member, thread=thread, body="Schriftlich, mit Begründung.")
    post(_other(org, working_group), category=ag_category, title="AG: Entwurf Meldebogen", body="intern")
    mail.outbox.clear()

    assert (
        notification_tasks.notification_digests_send() == 2
    )  # member and group_member (digest is the default)
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {member.email, group_member.email}
    digest = by_person[member.email]
    assert "2 neue Benachrichtigungen" in digest.subject
    assert "Hausverbot durchsetzen" in digest.body
    assert "Neues Thema" in digest.body and "Neue Antwort" in digest.body
    assert "Schriftlich, mit Begründung." in digest.body
    assert "Entwurf Meldebogen" not in digest.body  # member is not in the working group
    assert "AG: Entwurf Meldebogen" in by_person[group_member.email].body

    mail.outbox.clear()
    assert notification_tasks.notification_digests_send() == 0  # a second run sends nothing twice
    assert notification_tasks.notification_digest_send(member.pk) == 0
    assert mail.outbox == []


def test_read_notifications_are_not_mailed_in_the_digest(member, partner, open_category, post):
    thread = post(member, category=open_category)
    post(partner, thread=thread, body="Antwort")
    notification_services.notification_mark_all_read(user=member)
    mail.outbox.clear()
    assert notification_tasks.notification_digests_send() == 0
    assert mail.outbox == []
