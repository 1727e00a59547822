"""Participation pages: notifications, follow forms, e-mail settings, the header count, the start
page's selectors, and what the data export holds of it."""

from __future__ import annotations

import pytest

from exchange.access import viewer_for
from exchange.forum import services as forum_services
from exchange.models import (
    Follow,
    Notification,
    NotificationSettings,
)
from exchange.notifications import selectors as nsel
from exchange.notifications import services as notification_services

pytestmark = pytest.mark.django_db


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
    forum_services.post_hide(actor=editor, post=hidden, reason="Test")
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


def test_data_export_contains_handle_follows_and_email_choice(client, member, open_category, post):
    import json

    thread = post(member, category=open_category)
    notification_services.notification_settings_set(user=member, email=NotificationSettings.Email.OFF)
    client.force_login(member)
    data = json.loads(client.get("/profil/daten.json").content)
    assert data["person"]["kurzname"] == member.handle
    assert [(f["thema_id"], f["stufe"]) for f in data["abonnements"]] == [(thread.pk, "all")]
    assert data["email_benachrichtigungen"] == "off"


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
