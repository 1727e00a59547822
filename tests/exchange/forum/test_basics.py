"""Forum slice: permissions of categories and threads, sanitised Markdown."""

from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange.forum import services as forum_services
from exchange.forum.markdown import render
from exchange.models import Post

pytestmark = pytest.mark.django_db


def test_member_creates_thread_and_reply(member, partner, open_category):
    thread = forum_services.thread_create(
        author=member,
        category=open_category,
        title="Personalrat einbinden?",
        body="Wie habt ihr das **gemacht**?",
    )
    forum_services.post_create(author=partner, thread=thread, body="Von Anfang an.")
    thread.refresh_from_db()
    assert thread.post_count == 2
    assert [p.body for p in thread.posts.all()] == ["Wie habt ihr das **gemacht**?", "Von Anfang an."]
    assert "<strong>gemacht</strong>" in thread.posts.first().body_html


def test_outsider_cannot_post_in_restricted_category(member, ag_category):
    with pytest.raises(PermissionDenied):
        forum_services.thread_create(author=member, category=ag_category, title="x", body="y")


def test_pending_person_cannot_post(pending_user, open_category):
    with pytest.raises(PermissionDenied):
        forum_services.thread_create(author=pending_user, category=open_category, title="x", body="y")


def test_empty_body_is_refused_and_nothing_written(member, open_category):
    with pytest.raises(ValidationError):
        forum_services.thread_create(author=member, category=open_category, title="Titel", body="   ")
    assert not Post.objects.exists()
    assert not open_category.threads.exists()


def test_restricted_category_invisible_to_outsiders(client, member, group_member, ag_category, open_category):
    thread = forum_services.thread_create(
        author=group_member, category=ag_category, title="Interner Entwurf", body="Nur für die AG."
    )
    client.force_login(member)
    assert "AG intern" not in client.get("/forum/").content.decode()
    assert client.get(f"/forum/thema/{thread.pk}/").status_code == 404
    assert client.get("/forum/kategorie/ag-intern/").status_code == 404
    assert "Interner Entwurf" not in client.get("/mitgliederbereich/").content.decode()

    client.force_login(group_member)
    assert "AG intern" in client.get("/forum/").content.decode()
    response = client.get(f"/forum/thema/{thread.pk}/")
    assert response.status_code == 200
    assert "Nur für die AG." in response.content.decode()


def test_forum_requires_login(client):
    response = client.get("/forum/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[klick](javascript:alert(1))",
        '<a href="https://example.org" onclick="x()">a</a>',
        "<iframe src=https://example.org></iframe>",
    ],
)
def test_markdown_drops_user_html(payload):
    tags = _tags(render(payload))
    assert {name for name, _ in tags} <= {"p", "a"}
    for _name, attrs in tags:
        assert {key for key, _ in attrs} <= {"href", "rel"}
        assert not any((value or "").startswith("javascript:") for _, value in attrs)


def test_markdown_links_get_rel():
    html = render("[Leitfaden](https://example.org/leitfaden)")
    assert 'href="https://example.org/leitfaden"' in html
    assert 'rel="nofollow noopener noreferrer"' in html
