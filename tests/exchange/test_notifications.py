"""Participation: follows, @mentions, the notification fan-out, e-mails (immediate and digest), pages.

Posts are written through the real services; ``django_capture_on_commit_callbacks(execute=True)``
runs what the request would queue after commit (the fan-out task, eagerly, and the e-mail tasks).
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from exchange import notification_selectors as nsel
from exchange import services, tasks
from exchange.access import viewer_for
from exchange.markdown import mentions, render
from exchange.models import (
    Follow,
    Membership,
    Notification,
    NotificationOutbox,
    NotificationSettings,
    Post,
    User,
)
from exchange.services import notifications
from tests.factories import CategoryFactory, UserFactory, member_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_category(db):
    return CategoryFactory(name="Praxisfragen")


@pytest.fixture
def ag_category(working_group):
    category = CategoryFactory(name="AG intern")
    category.working_groups.add(working_group)
    return category


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Write like a request does, then run what it queued after commit."""

    def write(author, *, thread=None, category=None, body="Text", title="Ein Thema"):
        with django_capture_on_commit_callbacks(execute=True):
            if thread is None:
                return services.thread_create(author=author, category=category, title=title, body=body)
            return services.post_create(author=author, thread=thread, body=body)

    return write


def person(org, email, first, last, **kwargs):
    user = UserFactory(email=email, first_name=first, last_name=last)
    Membership.objects.create(user=user, organisation=org, status=Membership.Status.ACTIVE, **kwargs)
    return user


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def immediate(*users):
    for user in users:
        notifications.notification_settings_set(user=user, email=NotificationSettings.Email.IMMEDIATE)


# --- Handles and mention rendering --------------------------------------------------------------


def test_handle_is_made_from_the_name_unique_and_stable(org):
    jurgen = person(org, "jw@example.org", "Jürgen", "Weiß")
    twin = person(org, "jw2@example.org", "Jürgen", "Weiss")
    assert jurgen.handle == "juergen-weiss"
    assert twin.handle == "juergen-weiss-2"
    services.profile_update(
        user=jurgen, first_name="Jürgen", last_name="Neu", position="", phone="", profile_visibility="members"
    )
    jurgen.refresh_from_db()
    assert jurgen.handle == "juergen-weiss"  # mentions written earlier keep working
    assert "jw" not in jurgen.handle.replace("juergen-weiss", "")  # nothing from the e-mail address


def test_mentions_render_as_profile_links_and_stay_sanitised():
    html = render("Frage an @Anna-Schmidt und `@nicht-im-code`, Mail an anna@example.org <b>x</b>")
    assert '<a href="/mitglieder/@anna-schmidt/" class="mention" rel="nofollow noopener noreferrer">' in html
    assert "@anna-schmidt</a>" in html
    assert "<code>@nicht-im-code</code>" in html
    assert "mitglieder/@example" not in html  # an e-mail address is not a mention
    assert "<b>" not in html
    assert mentions("@a-b hallo @c, @a-b nochmal, `@code` [@link](https://x.example)") == ["a-b", "c"]


def test_mention_link_leads_to_the_profile_only_for_those_who_may_see_it(client, org, other_org, member):
    anna = person(org, "anna@example.org", "Anna", "Schmidt")
    hidden = person(org, "h@example.org", "Heimlich", "Hans")
    User.objects.filter(pk=hidden.pk).update(profile_visibility=User.Visibility.NOBODY)
    outsider = person(other_org, "o@example.org", "Otto", "Außen")
    client.force_login(member)
    response = client.get("/mitglieder/@anna-schmidt/")
    assert response.status_code == 302
    assert response["Location"] == f"/mitglieder/{anna.pk}/"
    assert "@anna-schmidt" in client.get(f"/mitglieder/{anna.pk}/").content.decode()
    assert client.get("/mitglieder/@heimlich-hans/").status_code == 404
    assert client.get("/mitglieder/@gibt-es-nicht/").status_code == 404
    client.force_login(outsider)  # anna shows her profile to her organisation only (the default)
    assert client.get("/mitglieder/@anna-schmidt/").status_code == 404


# --- Fan-out: permissions ------------------------------------------------------------------------


def test_restricted_category_notifies_group_members_never_a_mentioned_outsider(
    org, working_group, ag_category, group_member, member, post
):
    colleague = person(org, "kollegin@example.org", "Karla", "Kollegin")
    working_group.members.add(colleague)
    immediate(colleague, member)
    notifications.follow_set(user=colleague, category=ag_category, level=Follow.Level.ALL)
    notifications.follow_set(user=member, category=CategoryFactory(name="Offen"), level=Follow.Level.ALL)
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
    notifications.follow_set(user=former, category=ag_category, level=Follow.Level.ALL)
    thread = post(group_member, category=ag_category, title="AG-Thema")
    assert kinds_for(former) == ["new_thread"]
    working_group.members.remove(former)
    former = User.objects.get(pk=former.pk)  # a fresh object: no cached rights
    post(group_member, thread=thread, body="Antwort")
    assert kinds_for(former) == ["new_thread"]
    assert nsel.notification_unread_count(viewer_for(former)) == 0  # the old one is hidden as well


def test_hidden_post_notifies_nobody(member, partner, open_category, post):
    thread = post(member, category=open_category)
    reply = services.post_create(author=partner, thread=thread, body=f"Hallo @{member.handle}")
    Post.objects.filter(pk=reply.pk).update(is_hidden=True)  # hidden by a moderator before the worker ran
    assert tasks.post_notify(reply.pk) == 0
    assert not Notification.objects.filter(post=reply).exists()


def test_mailing_rechecks_permission_and_hidden_posts(working_group, ag_category, group_member, org, post):
    colleague = person(org, "k2@example.org", "Kai", "Zwo")
    working_group.members.add(colleague)
    notifications.follow_set(user=colleague, category=ag_category, level=Follow.Level.ALL)
    thread = post(group_member, category=ag_category, title="Vertraulich")
    working_group.members.remove(colleague)  # leaves the group before the digest goes out
    mail.outbox.clear()
    assert tasks.notification_digest_send(colleague.pk) == 0
    assert mail.outbox == []

    # Immediate mails are checked the same way, and a hidden post is never mailed.
    immediate(group_member)
    reply = services.post_create(author=_other(org, working_group), thread=thread, body="x")
    tasks.post_notify(reply.pk)  # its e-mail task waits for the commit that this test never does
    note = Notification.objects.get(post=reply, recipient=group_member)
    Post.objects.filter(pk=reply.pk).update(is_hidden=True)
    mail.outbox.clear()
    assert tasks.notification_email_send(note.pk) == 0
    assert mail.outbox == []


def _other(org, working_group):
    user = person(org, "dritte@example.org", "Dora", "Dritte")
    working_group.members.add(user)
    return user


# --- Fan-out: levels -----------------------------------------------------------------------------


def test_levels_muted_new_threads_only_and_all(org, member, open_category, post):
    everything = person(org, "alles@example.org", "Alle", "Beiträge")
    new_only = person(org, "neu@example.org", "Nur", "Neue")
    muted = person(org, "stumm@example.org", "Ganz", "Stumm")
    notifications.follow_set(user=everything, category=open_category, level=Follow.Level.ALL)
    notifications.follow_set(user=new_only, category=open_category, level=Follow.Level.NEW_THREADS)
    notifications.follow_set(user=muted, category=open_category, level=Follow.Level.MUTED)

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
    notifications.follow_set(user=partner, category=open_category, level=Follow.Level.ALL)
    notifications.follow_set(user=partner, thread=thread, level=Follow.Level.MUTED)
    post(member, thread=thread, body=f"Auch an @{partner.handle}")
    assert kinds_for(partner) == []


def test_authors_and_repliers_follow_automatically_muted_stays_muted(member, partner, open_category, post):
    thread = post(member, category=open_category)
    assert Follow.objects.get(user=member, thread=thread).level == Follow.Level.ALL
    post(partner, thread=thread, body="Antwort")
    assert kinds_for(member) == ["reply"]
    assert Follow.objects.get(user=partner, thread=thread).level == Follow.Level.ALL

    notifications.follow_set(user=partner, thread=thread, level=Follow.Level.MUTED)
    post(partner, thread=thread, body="Noch eine Antwort")
    assert Follow.objects.get(user=partner, thread=thread).level == Follow.Level.MUTED
    post(member, thread=thread, body="Und zurück")
    assert kinds_for(partner) == []


def test_follow_rules_live_in_the_database_and_the_service(member, open_category, ag_category, post):
    from django.db import IntegrityError, transaction

    thread = post(member, category=open_category)
    with pytest.raises(ValidationError):
        notifications.follow_set(user=member, thread=thread, level=Follow.Level.NEW_THREADS)
    with pytest.raises(PermissionDenied):
        notifications.follow_set(user=member, category=ag_category, level=Follow.Level.ALL)
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

    assert tasks.post_notify(reply.pk) == 0  # the worker got the task twice
    notifications.follow_set(user=member, thread=thread, level=Follow.Level.ALL)
    Post.objects.filter(pk=reply.pk).update(body="ohne Erwähnung")  # even if it would now be a "reply"
    assert tasks.post_notify(reply.pk) == 0
    note = Notification.objects.get(recipient=member)
    assert tasks.notification_email_send(note.pk) == 0
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1
    assert note.emailed_at is not None


# --- Digest ------------------------------------------------------------------------------------------


def test_daily_digest_bundles_what_each_member_may_see(
    org, member, partner, working_group, group_member, open_category, ag_category, post
):
    no_mail = person(org, "ruhe@example.org", "Keine", "Mails")
    notifications.notification_settings_set(user=no_mail, email=NotificationSettings.Email.OFF)
    immediate(partner)
    for user in (member, no_mail, partner, group_member):
        notifications.follow_set(user=user, category=open_category, level=Follow.Level.ALL)
    notifications.follow_set(user=group_member, category=ag_category, level=Follow.Level.ALL)

    thread = post(partner, category=open_category, title="Hausverbot durchsetzen", body="Wie geht ihr vor?")
    post(group_member, thread=thread, body="Schriftlich, mit Begründung.")
    post(_other(org, working_group), category=ag_category, title="AG: Entwurf Meldebogen", body="intern")
    mail.outbox.clear()

    assert tasks.notification_digests_send() == 2  # member and group_member (digest is the default)
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
    assert tasks.notification_digests_send() == 0  # a second run sends nothing twice
    assert tasks.notification_digest_send(member.pk) == 0
    assert mail.outbox == []


def test_read_notifications_are_not_mailed_in_the_digest(member, partner, open_category, post):
    thread = post(member, category=open_category)
    post(partner, thread=thread, body="Antwort")
    notifications.notification_mark_all_read(user=member)
    mail.outbox.clear()
    assert tasks.notification_digests_send() == 0
    assert mail.outbox == []


# --- Pages ------------------------------------------------------------------------------------------


def test_notification_page_header_count_and_mark_read(client, member, partner, open_category, post):
    thread = post(member, category=open_category, title="Bodycam im KOD")
    first = post(partner, thread=thread, body="Erste Antwort")
    post(partner, thread=thread, body="Zweite Antwort")
    client.force_login(member)

    page = client.get("/benachrichtigungen/").content.decode()
    assert "(2 neu)" in page
    assert page.count("hat in „Bodycam im KOD“ geantwortet") == 2

    note = Notification.objects.get(recipient=member, post=first)
    response = client.post(f"/benachrichtigungen/{note.pk}/gelesen/")
    assert response.status_code == 302
    assert "(1 neu)" in client.get("/benachrichtigungen/").content.decode()
    client.post("/benachrichtigungen/alle-gelesen/")
    assert "neu)" not in client.get("/benachrichtigungen/").content.decode()

    client.force_login(partner)  # someone else's notification is not found
    assert client.post(f"/benachrichtigungen/{note.pk}/gelesen/").status_code == 404
    assert client.get(f"/benachrichtigungen/{note.pk}/").status_code == 404


def test_opening_a_notification_lands_on_the_post_and_counts_as_read(
    client, member, partner, open_category, post
):
    thread = post(member, category=open_category)
    reply = post(partner, thread=thread, body="Antwort")
    note = Notification.objects.get(recipient=member)
    client.force_login(member)
    response = client.get(f"/benachrichtigungen/{note.pk}/")
    assert response["Location"] == f"/forum/thema/{thread.pk}/#beitrag-{reply.pk}"
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_a_notification_uses_the_forums_page_size(
    client, settings, member, partner, editor, open_category, post
):
    """The notification link and the forum agree on the post's page, whatever FORUM_POSTS_PER_PAGE
    says, and count the posts the reader sees (a hidden post moves later ones up a page)."""
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = post(partner, category=open_category, title="Seitenweise")
    post(member, thread=thread, body="Ich folge jetzt")  # the member follows from here on
    hidden = post(partner, thread=thread, body="wird ausgeblendet")
    post(partner, thread=thread, body="vierter Beitrag")
    services.post_hide(actor=editor, post=hidden, reason="Test")
    reply = post(partner, thread=thread, body="fünfter Beitrag")
    note = Notification.objects.get(recipient=member, post=reply)
    client.force_login(member)
    # visible to the member: 1, 2, 4, 5 -> the fifth post is the fourth visible one: page 2 of 2
    location = client.get(f"/benachrichtigungen/{note.pk}/")["Location"]
    assert location == f"/forum/thema/{thread.pk}/?seite=2#beitrag-{reply.pk}"
    assert client.get(f"/forum/beitrag/{reply.pk}/")["Location"] == location


def test_follow_forms_on_thread_and_category_pages(client, member, open_category, ag_category, post):
    thread = post(member, category=open_category)
    client.force_login(member)
    page = client.get(f"/forum/thema/{thread.pk}/").content.decode()
    assert f'action="/forum/thema/{thread.pk}/folgen/"' in page
    assert '<option value="all" selected>' in page  # the author follows
    assert "nur neue Themen" not in page  # only for categories

    assert client.post(f"/forum/thema/{thread.pk}/folgen/", {"level": "muted"}).status_code == 302
    assert Follow.objects.get(user=member, thread=thread).level == Follow.Level.MUTED
    response = client.post(f"/forum/thema/{thread.pk}/folgen/", {"level": "new_threads"})
    assert response.status_code == 400
    assert "gültige Benachrichtigungsstufe" in response.content.decode()
    client.post(f"/forum/thema/{thread.pk}/folgen/", {"level": "none"})
    assert not Follow.objects.filter(user=member, thread=thread).exists()

    url = f"/forum/kategorie/{open_category.slug}/folgen/"
    assert client.post(url, {"level": "new_threads"}).status_code == 302
    assert Follow.objects.get(user=member, category=open_category).level == Follow.Level.NEW_THREADS
    assert (
        '<option value="new_threads" selected>'
        in client.get(f"/forum/kategorie/{open_category.slug}/").content.decode()
    )
    assert client.post(f"/forum/kategorie/{ag_category.slug}/folgen/", {"level": "all"}).status_code == 404
    assert not Follow.objects.filter(category=ag_category).exists()
    assert client.get(url).status_code == 405


def test_email_settings_page(client, member):
    client.force_login(member)
    page = client.get("/profil/benachrichtigungen/").content.decode()
    assert 'value="digest" required id="id_email_1" checked' in page  # the default
    assert client.post("/profil/benachrichtigungen/", {"email": "immediate"}).status_code == 302
    assert NotificationSettings.objects.get(user=member).email == NotificationSettings.Email.IMMEDIATE
    assert client.post("/profil/benachrichtigungen/", {"email": "stündlich"}).status_code == 400
    assert NotificationSettings.objects.get(user=member).email == NotificationSettings.Email.IMMEDIATE
    assert "/profil/benachrichtigungen/" in client.get("/profil/").content.decode()


def test_pages_need_membership(client, pending_user):
    assert client.get("/benachrichtigungen/").status_code == 302
    client.force_login(pending_user)
    assert client.get("/benachrichtigungen/").status_code == 403


# --- Start page selectors ------------------------------------------------------------------------


def test_start_page_selectors_unread_and_followed_threads_with_news(
    client, member, partner, open_category, post
):
    mine = post(member, category=open_category, title="Meins")
    quiet = post(member, category=open_category, title="Ruhig")
    other = post(partner, category=open_category, title="Fremd")  # not followed by member
    post(partner, thread=mine, body="Neu 1")
    post(partner, thread=mine, body="Neu 2")
    post(partner, thread=other, body="egal")
    viewer = viewer_for(member)

    latest = nsel.notification_latest_unread(viewer, limit=1)
    assert [n.post.body for n in latest] == ["Neu 2"]
    news = nsel.followed_threads_with_news(viewer)
    assert [(t.title, t.new_posts) for t in news] == [("Meins", 2)]
    assert quiet not in news

    client.force_login(member)
    client.get(f"/forum/thema/{mine.pk}/")  # looking at the thread: seen, notifications read
    assert nsel.followed_threads_with_news(viewer) == []
    assert nsel.notification_latest_unread(viewer) == []
    assert nsel.notification_unread_count(viewer) == 0


def test_reading_the_first_page_leaves_the_later_posts_new_on_the_start_page(
    client, settings, member, partner, open_category, post
):
    """One read state: the start page, the badge and the unread marks agree on what is read."""
    settings.FORUM_POSTS_PER_PAGE = 2
    mine = post(member, category=open_category, title="Meins")
    replies = [post(partner, thread=mine, body=f"Antwort {n}") for n in range(1, 4)]
    viewer = viewer_for(member)
    client.force_login(member)

    client.get(f"/forum/thema/{mine.pk}/")  # page 1: the question and "Antwort 1"
    news = nsel.followed_threads_with_news(viewer)
    assert [(t.title, t.new_posts) for t in news] == [("Meins", 2)]
    assert [n.post.body for n in nsel.notification_latest_unread(viewer)] == ["Antwort 3", "Antwort 2"]
    jump = client.get(f"/forum/thema/{mine.pk}/ungelesen/")
    assert jump["Location"].endswith(f"?seite=2#beitrag-{replies[1].pk}")

    client.get(f"/forum/thema/{mine.pk}/?seite=2")
    assert nsel.followed_threads_with_news(viewer) == []
    assert nsel.notification_unread_count(viewer) == 0

    post(partner, thread=mine, body="Antwort 4")  # a new post makes the thread news again
    assert [(t.title, t.new_posts) for t in nsel.followed_threads_with_news(viewer)] == [("Meins", 1)]


def test_header_count_is_one_query(client, member, partner, open_category, post, django_assert_num_queries):
    thread = post(member, category=open_category)
    post(partner, thread=thread, body="x")
    viewer = viewer_for(member)
    with django_assert_num_queries(1):
        assert nsel.notification_unread_count(viewer) == 1


def test_member_create_still_works_without_a_name(org):
    user = member_create(org, email="ohne@example.org")
    assert user.handle  # factories give a name; the handle follows it
    nameless = User.objects.create_user("leer@example.org")
    assert nameless.handle is None  # no name, no handle, never the e-mail address


def test_data_export_contains_handle_follows_and_email_choice(client, member, open_category, post):
    import json

    thread = post(member, category=open_category)
    notifications.notification_settings_set(user=member, email=NotificationSettings.Email.OFF)
    client.force_login(member)
    data = json.loads(client.get("/profil/daten.json").content)
    assert data["person"]["kurzname"] == member.handle
    assert [(f["thema_id"], f["stufe"]) for f in data["abonnements"]] == [(thread.pk, "all")]
    assert data["email_benachrichtigungen"] == "off"


# --- Lost tasks ------------------------------------------------------------------------------------


def test_sweep_requeues_a_lost_fanout_and_a_lost_mail(member, partner, open_category, post):
    from datetime import timedelta

    from django.utils import timezone

    from exchange.models import NotificationOutbox

    immediate(member)
    thread = post(member, category=open_category)
    # The broker was away: the reply committed with its outbox row, but no task ever ran.
    reply = services.post_create(author=partner, thread=thread, body="Antwort ohne Worker")
    assert NotificationOutbox.objects.filter(post=reply, processed_at=None).exists()
    assert tasks.notifications_sweep() == 0  # too fresh: its task may still be on the way
    NotificationOutbox.objects.filter(post=reply).update(created_at=timezone.now() - timedelta(minutes=5))
    mail.outbox.clear()

    assert tasks.notifications_sweep() == 1
    note = Notification.objects.get(recipient=member, post=reply)
    assert NotificationOutbox.objects.get(post=reply).processed_at is not None
    assert mail.outbox == []  # the fan-out's mail task waits for a commit; pretend it was lost too

    Notification.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert tasks.notifications_sweep() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert tasks.notifications_sweep() == 0  # nothing left, nothing sent twice
    assert len(mail.outbox) == 1


def test_notification_page_query_count_does_not_grow_with_notifications(
    client, member, partner, open_category, post
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = post(member, category=open_category)
    client.force_login(member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/benachrichtigungen/").status_code == 200
        return len(ctx.captured_queries)

    post(partner, thread=thread, body="eins")
    few = queries()
    for n in range(5):
        post(partner, thread=thread, body=f"mehr {n}")
    assert Notification.objects.filter(recipient=member).count() == 6
    assert queries() == few


def test_viewers_for_matches_viewer_for_for_every_kind_of_person(
    org, other_org, member, group_member, partner, pending_user, editor
):
    from exchange.access import viewers_for

    superuser = User.objects.create_superuser("root@example.org", "x")
    inactive = member_create(org, email="inaktiv@example.org")
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    left = member_create(other_org, email="ausgetreten@example.org")
    other_org.status = "left"
    other_org.save()
    nobody = UserFactory(email="ohne@example.org")
    people = list(
        User.objects.filter(
            pk__in=[
                p.pk
                for p in (
                    member,
                    group_member,
                    partner,
                    pending_user,
                    editor,
                    superuser,
                    inactive,
                    left,
                    nobody,
                )
            ]
        )
    )
    bulk = viewers_for(people)
    for p in people:
        assert bulk[p.pk] == viewer_for(User.objects.get(pk=p.pk)), p.email
    assert bulk[group_member.pk].group_ids and bulk[editor.pk].is_editor and not bulk[inactive.pk].is_member


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
        services.post_edit(actor=partner, post=reply, body=f"Frag @{reader.handle} oder @{helper.handle}")
    assert kinds_for(helper) == ["mention"]
    assert [m.to for m in mail.outbox] == [[helper.email]]
    assert kinds_for(member) == ["reply"] and kinds_for(reader) == ["mention"]  # nobody twice
    assert NotificationOutbox.objects.get(post=reply).processed_at is not None

    with django_capture_on_commit_callbacks(execute=True):  # an edit without a new mention: silence
        services.post_edit(actor=partner, post=reply, body=f"Frag @{helper.handle}")
    assert Notification.objects.filter(post=reply).count() == 3 and len(mail.outbox) == 1


def test_a_mention_added_while_the_fan_out_is_lost_is_swept_with_the_rest(
    org, member, partner, open_category, post
):
    """The edit of a post whose first fan-out never ran keeps the full fan-out: followers hear too."""
    reader = person(org, "leserin@example.org", "Lea", "Leserin")
    thread = post(member, category=open_category, title="Doppelbesetzung", body="Wer hat Erfahrung?")
    reply = services.post_create(author=partner, thread=thread, body="Antwort")  # its task never runs
    services.post_edit(actor=partner, post=reply, body=f"Antwort, siehe @{reader.handle}")
    row = NotificationOutbox.objects.get(post=reply)
    assert row.processed_at is None and not row.mentions_only
    notifications.notification_fanout(post_id=reply.pk)  # as the beat's sweep re-queues it
    assert kinds_for(member) == ["reply"] and kinds_for(reader) == ["mention"]
