"""The forum API: same permission checks and validation as the pages, in the OpenAPI schema."""

import json

import pytest

from exchange.forum import services as forum_services
from exchange.models import Follow, Post, Reaction, Thread

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_list_and_read(client, member, partner, thread, ag_thread, open_category):
    forum_services.post_create(author=partner, thread=thread, body="**Antwort**")
    client.force_login(member)
    categories = client.get("/api/forum/categories").json()
    assert [c["name"] for c in categories] == ["Praxisfragen"]
    assert categories[0]["post_count"] == 2
    threads = client.get("/api/forum/threads").json()
    assert [t["title"] for t in threads["results"]] == ["Personalrat einbinden?"]
    detail = client.get(f"/api/forum/threads/{thread.pk}").json()
    assert detail["post_count"] == 2
    posts = client.get(f"/api/forum/threads/{thread.pk}/posts").json()["results"]
    assert [p["body"] for p in posts] == ["Wie habt ihr das gemacht?", "**Antwort**"]
    assert "<strong>Antwort</strong>" in posts[1]["body_html"]
    assert client.get("/api/forum/threads?sort=quatsch").status_code == 400


def test_restricted_and_hidden_invisible_in_api(
    client, member, group_member, editor, thread, ag_thread, ag_category
):
    secret = forum_services.post_create(author=group_member, thread=thread, body="Wird ausgeblendet")
    forum_services.post_hide(actor=editor, post=secret)
    client.force_login(member)
    assert client.get(f"/api/forum/threads/{ag_thread.pk}").status_code == 404
    assert client.get(f"/api/forum/threads/{ag_thread.pk}/posts").status_code == 404
    assert client.get(f"/api/forum/threads?category_id={ag_category.pk}").status_code == 404
    assert "Interner Entwurf" not in client.get("/api/forum/threads").content.decode()
    assert "AG intern" not in client.get("/api/forum/categories").content.decode()
    assert "Wird ausgeblendet" not in client.get(f"/api/forum/threads/{thread.pk}/posts").content.decode()
    assert post_json(client, f"/api/forum/threads/{ag_thread.pk}/posts", {"body": "x"}).status_code == 404
    assert (
        post_json(
            client, "/api/forum/threads", {"category_id": ag_category.pk, "title": "t", "body": "b"}
        ).status_code
        == 404
    )
    assert client.post(f"/api/forum/posts/{secret.pk}/react").status_code == 404
    assert client.post(f"/api/forum/posts/{ag_thread.posts.get().pk}/react").status_code == 404
    client.force_login(group_member)
    assert client.get(f"/api/forum/threads/{ag_thread.pk}").status_code == 200


def test_create_thread_and_reply(client, member, partner, open_category):
    client.force_login(member)
    response = post_json(
        client,
        "/api/forum/threads",
        {"category_id": open_category.pk, "title": "Per API", "body": "Erster *Beitrag*"},
    )
    assert response.status_code == 201
    thread = Thread.objects.get(title="Per API")
    assert response.json()["id"] == thread.pk
    client.force_login(partner)
    response = post_json(client, f"/api/forum/threads/{thread.pk}/posts", {"body": "Antwort per API"})
    assert response.status_code == 201
    assert response.json()["body"] == "Antwort per API"


def test_validation_is_400_with_message_and_nothing_written(client, member, open_category, thread):
    client.force_login(member)
    response = post_json(
        client, "/api/forum/threads", {"category_id": open_category.pk, "title": " ", "body": "b"}
    )
    assert response.status_code == 400
    assert "leer" in response.json()["detail"]
    response = post_json(client, f"/api/forum/threads/{thread.pk}/posts", {"body": "x" * 20001})
    assert response.status_code == 400
    response = post_json(
        client,
        "/api/forum/threads",
        {"category_id": open_category.pk, "title": "t", "body": "b", "tag_ids": [999]},
    )
    assert response.status_code == 400
    assert Thread.objects.count() == 1 and Post.objects.count() == 1


def test_privacy_hint_needs_confirmation_in_api(client, member, thread):
    client.force_login(member)
    body = {"body": "Fahrzeug MS-AB 123 stand wieder vor dem Eingang."}
    response = post_json(client, f"/api/forum/threads/{thread.pk}/posts", body)
    assert response.status_code == 400
    assert "Kfz-Kennzeichen" in response.json()["detail"]
    response = post_json(client, f"/api/forum/threads/{thread.pk}/posts", {**body, "confirm_privacy": True})
    assert response.status_code == 201


def test_locked_thread_is_403(client, member, editor, thread):
    forum_services.thread_lock(actor=editor, thread=thread, locked=True)
    client.force_login(member)
    assert post_json(client, f"/api/forum/threads/{thread.pk}/posts", {"body": "x"}).status_code == 403


def test_rate_limit_is_429(client, member, thread, settings):
    settings.FORUM_RATE_LIMIT = {"NEW_ACCOUNT_DAYS": 7, "NEW_PER_MINUTE": 1, "PER_MINUTE": 1}
    client.force_login(member)
    response = post_json(client, f"/api/forum/threads/{thread.pk}/posts", {"body": "zu schnell"})
    assert response.status_code == 429
    assert "letzten Minute" in response.json()["detail"]


def test_react_toggles(client, member, partner, thread):
    reply = forum_services.post_create(author=partner, thread=thread, body="Hilfreich?")
    client.force_login(member)
    assert client.post(f"/api/forum/posts/{reply.pk}/react").json() == {
        "post_id": reply.pk,
        "helpful": True,
        "helpful_count": 1,
    }
    assert client.post(f"/api/forum/posts/{reply.pk}/react").json()["helpful"] is False
    assert not Reaction.objects.exists()
    client.force_login(partner)
    assert client.post(f"/api/forum/posts/{reply.pk}/react").status_code == 400


def test_anonymous_and_pending_are_refused(client, pending_user, thread):
    assert client.get("/api/forum/threads").status_code == 401
    client.force_login(pending_user)
    assert client.get("/api/forum/threads").status_code == 403
    assert client.get(f"/api/forum/threads/{thread.pk}").status_code == 403


def test_schema_lists_forum_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/forum/categories",
        "/api/forum/threads",
        "/api/forum/threads/{thread_id}",
        "/api/forum/threads/{thread_id}/posts",
        "/api/forum/posts/{post_id}/react",
        "/api/forum/threads/{thread_id}/follow",
        "/api/forum/categories/{category_id}/follow",
    ):
        assert path in paths
    assert "post" in paths["/api/forum/threads"] and "post" in paths["/api/forum/threads/{thread_id}/posts"]


def test_follow_threads_and_categories_with_the_web_forms_rules(
    client, partner, thread, ag_thread, open_category, ag_category
):
    client.force_login(partner)
    url = f"/api/forum/threads/{thread.pk}/follow"
    assert post_json(client, url, {"level": "muted"}).json() == {"level": "muted"}
    assert Follow.objects.get(user=partner, thread=thread).level == "muted"
    assert post_json(client, url, {"level": "none"}).json() == {"level": "none"}
    assert not Follow.objects.filter(user=partner, thread=thread).exists()
    response = post_json(client, url, {"level": "new_threads"})  # only categories have this level
    assert response.status_code == 400 and response.json()["detail"]

    category_url = f"/api/forum/categories/{open_category.pk}/follow"
    assert post_json(client, category_url, {"level": "new_threads"}).json() == {"level": "new_threads"}
    # a working group's thread and category stay invisible: 404, nothing stored
    assert post_json(client, f"/api/forum/threads/{ag_thread.pk}/follow", {"level": "all"}).status_code == 404
    response = post_json(client, f"/api/forum/categories/{ag_category.pk}/follow", {"level": "all"})
    assert response.status_code == 404
    assert not Follow.objects.filter(user=partner, category=ag_category).exists()
    assert not Follow.objects.filter(user=partner, thread=ag_thread).exists()
