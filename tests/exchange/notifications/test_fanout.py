"""Participation: follows, @mentions and the notification fan-out.

Posts are written through the real services; ``django_capture_on_commit_callbacks(execute=True)``
runs what the request would queue after commit (the fan-out task, eagerly, and the e-mail tasks).
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from exchange.access import viewer_for
from exchange.forum import services as forum_services
from exchange.models import (
    Follow,
    Notification,
    NotificationOutbox,
    Post,
    User,
)
from exchange.notifications import delivery
from exchange.notifications import selectors as nsel
from exchange.notifications import services as notification_services
from exchange.notifications import tasks as notification_tasks
from tests.exchange.notifications.helpers import immediate, kinds_for, person
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


# --- Fan-out: permissions ------------------------------------------------------------------------


def test_restricted_category_notifies_group_members_never_a_mentioned_outsider(
    org, working_group, ag_category, group_member, member, post
):
    colleague = person(org, "kollegin@example.org", "Karla", "Kollegin")
    working_group.members.add(colleague)
    immediate(colleague, member)
    notification_services.follow_set(user=colleague, category=ag_category, level=Follow.Level.ALL)
    notification_services.follow_set(
        user=member, category=CategoryFactory(name="Offen"), level=Follow.Level.ALL
    )
    mail.outbox.clear()

    post(
        group_member,
        category=ag_category,
        title="Interner Entwurf Meldesystem",
        body=f"Was meint ihr, @{colleague.handle} und @{member.handle}?",
    )

    assert kinds_for(colleague) == ["mention"]
    assert kinds_for(member) == []  # not in-app
    assert not nsel.notification_list_for_viewer(viewer_for(member)).exists()
    assert [m.to for m in mail.outbox] == [[colleague.email]]  # not by e-mail
    assert "Interner Entwurf Meldesystem" in mail.outbox[0].subject
    assert all("Interner Entwurf" not in m.body for m in mail.outbox if m.to == [member.email])


def test_who_lost_access_before_the_fanout_gets_nothing(working_group, ag_category, group_member, org, post):
    former = person(org, "ex@example.org", "Ex", "Mitglied")
    working_group.members.add(former)
    notification_services.follow_set(user=former, category=ag_category, level=Follow.Level.ALL)
    thread = post(group_member, category=ag_category, title="AG-Thema")
    assert kinds_for(former) == ["new_thread"]
    working_group.members.remove(former)
    former = User.objects.get(pk=former.pk)  # a fresh object: no cached rights
    post(group_member, thread=thread, body="Antwort")
    assert kinds_for(former) == ["new_thread"]
    assert nsel.notification_unread_count(viewer_for(former)) == 0  # the old one is hidden as well


def test_hidden_post_notifies_nobody(member, partner, open_category, post):
    thread = post(member, category=open_category)
    reply = forum_services.post_create(author=partner, thread=thread, body=f"Hallo @{member.handle}")
    Post.objects.filter(pk=reply.pk).update(is_hidden=True)  # hidden by a moderator before the worker ran
    assert notification_tasks.post_notify(reply.pk) == 0
    assert not Notification.objects.filter(post=reply).exists()


# --- Fan-out: levels -----------------------------------------------------------------------------


def test_levels_muted_new_threads_only_and_all(org, member, open_category, post):
    everything = person(org, "alles@example.org", "Alle", "Beiträge")
    new_only = person(org, "neu@example.org", "Nur", "Neue")
    muted = person(org, "stumm@example.org", "Ganz", "Stumm")
    notification_services.follow_set(user=everything, category=open_category, level=Follow.Level.ALL)
    notification_services.follow_set(user=new_only, category=open_category, level=Follow.Level.NEW_THREADS)
    notification_services.follow_set(user=muted, category=open_category, level=Follow.Level.MUTED)

    thread = post(member, category=open_category, title="Deeskalationstraining")
    post(member, thread=thread, body="Nachtrag")

    assert kinds_for(everything) == ["new_thread", "reply"]
    assert kinds_for(new_only) == ["new_thread"]
    assert kinds_for(muted) == []
    assert kinds_for(member) == []  # never about one's own posts


def test_thread_level_wins_over_category_and_muted_thread_stays_silent(
    org, member, partner, open_category, post
):
    thread = post(member, category=open_category)
    notification_services.follow_set(user=partner, category=open_category, level=Follow.Level.ALL)
    notification_services.follow_set(user=partner, thread=thread, level=Follow.Level.MUTED)
    post(member, thread=thread, body=f"Auch an @{partner.handle}")
    assert kinds_for(partner) == []


def test_authors_and_repliers_follow_automatically_muted_stays_muted(member, partner, open_category, post):
    thread = post(member, category=open_category)
    assert Follow.objects.get(user=member, thread=thread).level == Follow.Level.ALL
    post(partner, thread=thread, body="Antwort")
    assert kinds_for(member) == ["reply"]
    assert Follow.objects.get(user=partner, thread=thread).level == Follow.Level.ALL

    notification_services.follow_set(user=partner, thread=thread, level=Follow.Level.MUTED)
    post(partner, thread=thread, body="Noch eine Antwort")
    assert Follow.objects.get(user=partner, thread=thread).level == Follow.Level.MUTED
    post(member, thread=thread, body="Und zurück")
    assert kinds_for(partner) == []


def test_follow_rules_live_in_the_database_and_the_service(member, open_category, ag_category, post):
    from django.db import IntegrityError, transaction

    thread = post(member, category=open_category)
    with pytest.raises(ValidationError):
        notification_services.follow_set(user=member, thread=thread, level=Follow.Level.NEW_THREADS)
    with pytest.raises(PermissionDenied):
        notification_services.follow_set(user=member, category=ag_category, level=Follow.Level.ALL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=member, thread=thread, level=Follow.Level.MUTED)  # one per thread
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=member, thread=thread, category=open_category)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=member, level="all")


# --- Idempotency -----------------------------------------------------------------------------------


def test_fanout_and_immediate_mail_are_idempotent(org, member, partner, open_category, post):
    immediate(member)
    thread = post(member, category=open_category)
    mail.outbox.clear()
    reply = post(partner, thread=thread, body=f"Danke @{member.handle}!")
    assert kinds_for(member) == ["mention"]  # one notification per post: the mention, not also "reply"
    assert len(mail.outbox) == 1
    assert "hat Sie erwähnt" in mail.outbox[0].subject

    assert notification_tasks.post_notify(reply.pk) == 0  # the worker got the task twice
    notification_services.follow_set(user=member, thread=thread, level=Follow.Level.ALL)
    Post.objects.filter(pk=reply.pk).update(body="ohne Erwähnung")  # even if it would now be a "reply"
    assert notification_tasks.post_notify(reply.pk) == 0
    note = Notification.objects.get(recipient=member)
    assert notification_tasks.notification_email_send(note.pk) == 0
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1
    assert note.emailed_at is not None


# --- Lost tasks ------------------------------------------------------------------------------------


def test_sweep_requeues_a_lost_fanout_and_a_lost_mail(member, partner, open_category, post):
    from datetime import timedelta

    from django.utils import timezone

    from exchange.models import NotificationOutbox

    immediate(member)
    thread = post(member, category=open_category)
    # The broker was away: the reply committed with its outbox row, but no task ever ran.
    reply = forum_services.post_create(author=partner, thread=thread, body="Antwort ohne Worker")
    assert NotificationOutbox.objects.filter(post=reply, processed_at=None).exists()
    assert notification_tasks.notifications_sweep() == 0  # too fresh: its task may still be on the way
    NotificationOutbox.objects.filter(post=reply).update(created_at=timezone.now() - timedelta(minutes=5))
    mail.outbox.clear()

    assert notification_tasks.notifications_sweep() == 1
    note = Notification.objects.get(recipient=member, post=reply)
    assert NotificationOutbox.objects.get(post=reply).processed_at is not None
    assert mail.outbox == []  # the fan-out's mail task waits for a commit; pretend it was lost too

    Notification.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert notification_tasks.notifications_sweep() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert notification_tasks.notifications_sweep() == 0  # nothing left, nothing sent twice
    assert len(mail.outbox) == 1


# --- Mentions ------------------------------------------------------------------------------------


def test_a_mention_reaches_a_member_who_follows_nothing(org, member, open_category, post):
    reader = person(org, "leserin@example.org", "Lea", "Leserin")
    thread = post(member, category=open_category, title="Doppelbesetzung", body=f"Frage an @{reader.handle}")
    post(member, thread=thread, body="Nachtrag ohne Erwähnung")
    assert kinds_for(reader) == ["mention"]
    assert not Follow.objects.filter(user=reader).exists()  # being mentioned does not subscribe


def test_a_mention_added_by_editing_notifies_only_the_newly_mentioned(
    org, member, partner, open_category, post, django_capture_on_commit_callbacks
):
    """The followers heard of the post when it was written; an edit reaches only whom it adds."""
    reader = person(org, "leserin@example.org", "Lea", "Leserin")
    helper = person(org, "helfer@example.org", "Hugo", "Helfer")
    thread = post(member, category=open_category, title="Doppelbesetzung", body="Wer hat Erfahrung?")
    reply = post(partner, thread=thread, body=f"Frag @{reader.handle}")
    assert kinds_for(member) == ["reply"] and kinds_for(reader) == ["mention"]
    immediate(helper)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_edit(
            actor=partner, post=reply, body=f"Frag @{reader.handle} oder @{helper.handle}"
        )
    assert kinds_for(helper) == ["mention"]
    assert [m.to for m in mail.outbox] == [[helper.email]]
    assert kinds_for(member) == ["reply"] and kinds_for(reader) == ["mention"]  # nobody twice
    assert NotificationOutbox.objects.get(post=reply).processed_at is not None

    with django_capture_on_commit_callbacks(execute=True):  # an edit without a new mention: silence
        forum_services.post_edit(actor=partner, post=reply, body=f"Frag @{helper.handle}")
    assert Notification.objects.filter(post=reply).count() == 3 and len(mail.outbox) == 1


def test_a_mention_added_while_the_fan_out_is_lost_is_swept_with_the_rest(
    org, member, partner, open_category, post
):
    """The edit of a post whose first fan-out never ran keeps the full fan-out: followers hear too."""
    reader = person(org, "leserin@example.org", "Lea", "Leserin")
    thread = post(member, category=open_category, title="Doppelbesetzung", body="Wer hat Erfahrung?")
    reply = forum_services.post_create(author=partner, thread=thread, body="Antwort")  # its task never runs
    forum_services.post_edit(actor=partner, post=reply, body=f"Antwort, siehe @{reader.handle}")
    row = NotificationOutbox.objects.get(post=reply)
    assert row.processed_at is None and not row.mentions_only
    delivery.notification_fanout(post_id=reply.pk)  # as the beat's sweep re-queues it
    assert kinds_for(member) == ["reply"] and kinds_for(reader) == ["mention"]
