"""Who sees what: restricted categories invisible in lists and pages, and every URL that takes an id
answers an outsider with 404 (no IDOR), a member without the right with 403 or 404, never the text."""

import pytest
from django.core.exceptions import ValidationError

from exchange.forum import services as forum_services
from exchange.models import Attachment, Post
from tests.exchange.forum.files import PDF, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(group_member, ag_category):
    thread = forum_services.thread_create(
        author=group_member,
        category=ag_category,
        title="Interner Entwurf",
        body="Geheimer AG-Text",
        attachments=[upload("intern.pdf", PDF)],
    )
    reply = forum_services.post_create(author=group_member, thread=thread, body="Geheime AG-Antwort")
    return thread, thread.posts.first(), reply, Attachment.objects.get()


def id_urls(thread, first, reply, attachment):
    gets = [
        f"/forum/thema/{thread.pk}/",
        f"/forum/thema/{thread.pk}/ungelesen/",
        f"/forum/thema/{thread.pk}/antworten/",
        f"/forum/thema/{thread.pk}/antworten/?zitat={first.pk}",
        f"/forum/thema/{thread.pk}/moderation/",
        f"/forum/beitrag/{reply.pk}/",
        f"/forum/beitrag/{reply.pk}/bearbeiten/",
        f"/forum/beitrag/{reply.pk}/melden/",
        f"/forum/beitrag/{reply.pk}/verlauf/",
        f"/forum/anhang/{attachment.pk}/",
        f"/forum/kategorie/{thread.category.slug}/",
        f"/forum/kategorie/{thread.category.slug}/neu/",
    ]
    posts = [
        (f"/forum/thema/{thread.pk}/antworten/", {"body": "eingeschleust"}),
        (f"/forum/thema/{thread.pk}/moderation/", {"aktion": "sperren"}),
        (f"/forum/beitrag/{reply.pk}/bearbeiten/", {"body": "überschrieben"}),
        (f"/forum/beitrag/{reply.pk}/loeschen/", {}),
        (f"/forum/beitrag/{reply.pk}/hilfreich/", {}),
        (f"/forum/beitrag/{reply.pk}/loesung/", {}),
        (f"/forum/beitrag/{reply.pk}/melden/", {"reason": "x"}),
        (f"/forum/beitrag/{reply.pk}/moderation/", {"aktion": "ausblenden"}),
        (f"/forum/kategorie/{thread.category.slug}/neu/", {"title": "t", "body": "b"}),
    ]
    return gets, posts


def test_outsider_gets_404_on_every_id(client, member, secret):
    thread, _first, reply, _attachment = secret
    gets, posts = id_urls(*secret)
    client.force_login(member)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Geheim" not in response.content.decode()
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert Post.objects.count() == 2
    assert not thread.posts.filter(body__in=["eingeschleust", "überschrieben"]).exists()
    thread.refresh_from_db()
    assert not thread.is_locked and thread.solution_id is None
    assert not reply.reactions.exists() and not reply.flags.exists()


def test_anonymous_goes_to_login_everywhere(client, secret):
    gets, posts = id_urls(*secret)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), url
    for url, data in posts:
        assert client.post(url, data).status_code == 302, url


def test_pending_person_sees_nothing(client, pending_user, secret, thread):
    client.force_login(pending_user)
    assert client.get("/forum/").status_code == 403
    assert client.get(f"/forum/thema/{thread.pk}/").status_code == 403


def test_restricted_category_absent_from_lists(client, member, group_member, secret, thread):
    client.force_login(member)
    for url in ("/forum/", f"/forum/kategorie/{thread.category.slug}/", "/mitgliederbereich/"):
        html = client.get(url).content.decode()
        assert "Interner Entwurf" not in html and "AG intern" not in html, url
    client.force_login(group_member)
    assert "AG intern" in client.get("/forum/").content.decode()


def test_member_cannot_edit_or_history_of_others(client, member, partner, thread):
    reply = forum_services.post_create(author=partner, thread=thread, body="Von der Ansprechperson")
    client.force_login(member)
    assert client.get(f"/forum/beitrag/{reply.pk}/bearbeiten/").status_code == 403
    assert client.post(f"/forum/beitrag/{reply.pk}/bearbeiten/", {"body": "gekapert"}).status_code == 403
    assert client.get(f"/forum/beitrag/{reply.pk}/verlauf/").status_code == 403
    assert client.get("/forum/moderation/").status_code == 403
    reply.refresh_from_db()
    assert reply.body == "Von der Ansprechperson"


def test_own_post_is_neither_marked_helpful_nor_reported_by_any_path(client, member, partner, thread):
    """Page, form URL, API and service apply the same rule, each with a message, and store nothing."""
    from exchange.models import Flag, Reaction

    own = forum_services.post_create(author=member, thread=thread, body="Meine eigene Antwort")
    client.force_login(member)

    html = client.get(f"/forum/thema/{thread.pk}/").content.decode()
    assert f"/forum/beitrag/{own.pk}/melden/" not in html
    assert f"/forum/beitrag/{own.pk}/hilfreich/" not in html

    page = client.get(f"/forum/beitrag/{own.pk}/melden/", follow=True)
    assert "Eigene Beiträge können Sie nicht melden" in page.content.decode()
    posted = client.post(f"/forum/beitrag/{own.pk}/melden/", {"reason": "Bitte löschen"}, follow=True)
    assert "Eigene Beiträge können Sie nicht melden" in posted.content.decode()
    helpful = client.post(f"/forum/beitrag/{own.pk}/hilfreich/", follow=True)
    assert "Eigene Beiträge können Sie nicht als hilfreich markieren" in helpful.content.decode()

    api = client.post(f"/api/forum/posts/{own.pk}/react")
    assert api.status_code == 400 and "Eigene Beiträge" in api.json()["detail"]
    with pytest.raises(ValidationError, match="nicht melden"):
        forum_services.flag_create(reporter=member, post=own, reason="Bitte löschen")
    assert not Flag.objects.filter(post=own).exists() and not Reaction.objects.filter(post=own).exists()

    # someone else's post: the same member may do both
    other = forum_services.post_create(author=partner, thread=thread, body="Antwort der Ansprechperson")
    assert forum_services.reaction_toggle(user=member, post=other) is True
    assert forum_services.flag_create(reporter=member, post=other, reason="Bitte prüfen").pk
