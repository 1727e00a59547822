"""The project API (cms/api.py): health, the OpenAPI document, and the one error path."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_ok_with_all_parts_up(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["search"]["ok"] and body["broker"]["ok"]


def test_health_degraded_when_search_is_down(client, settings):
    settings.SEARCH = {**settings.SEARCH, "URL": "http://127.0.0.1:9"}  # nothing listens there
    from search import client as search_client

    search_client.reset()
    response = client.get("/api/health")
    assert response.status_code == 200  # pages and writes still work: keep the instance in rotation
    assert response.json()["status"] == "degraded"
    assert response.json()["search"]["ok"] is False


def test_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/health", "/api/me"} <= set(schema["paths"])
    assert schema["info"]["title"].startswith("#sicherimDienst")


def test_openapi_has_one_error_schema_referenced_by_every_router(client):
    """The error answers of every router are documented once, with one schema (cms/api.py)."""
    schema = client.get("/api/openapi.json").json()
    names = set(schema["components"]["schemas"])
    assert "ErrorOut" in names
    assert [n for n in names if "error" in n.lower()] == ["ErrorOut"]
    reference = {"$ref": "#/components/schemas/ErrorOut"}

    def documented(path, method):
        responses = schema["paths"][path][method]["responses"]
        return {
            int(status)
            for status, answer in responses.items()
            if answer.get("content", {}).get("application/json", {}).get("schema") == reference
        }

    assert documented("/api/forum/threads/{thread_id}/posts", "post") == {400, 401, 403, 404, 429}
    assert documented("/api/forum/threads/{thread_id}/follow", "post") == {400, 401, 403, 404}
    assert documented("/api/memberships/{membership_id}/approve", "post") == {400, 401, 403, 404}
    assert documented("/api/people/{user_id}", "get") == {400, 401, 403, 404}
    assert documented("/api/search", "get") == {400, 401, 403, 503}
    assert documented("/api/health", "get") == set()  # its 503 is the health report itself


def test_errors_are_one_german_shape(client, member, pending_user, partner, editor, working_group):
    """ValidationError 400 with its messages, PermissionDenied 403 (with the exception's message when it
    has one), Http404 404: each answer is {"detail": German text}."""
    from exchange.forum import services as forum_services
    from tests.factories import CategoryFactory

    restricted = CategoryFactory(name="AG intern")
    restricted.working_groups.add(working_group)
    hidden = forum_services.thread_create(author=editor, category=restricted, title="Intern", body="x")
    locked = forum_services.thread_create(author=partner, category=CategoryFactory(), title="Zu", body="x")
    forum_services.thread_lock(actor=editor, thread=locked, locked=True)
    client.force_login(member)
    missing = client.get(f"/api/forum/threads/{hidden.pk}")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Thema nicht gefunden."})
    unknown = client.get("/api/forum/threads?sort=zufall")
    assert unknown.status_code == 400
    assert unknown.json() == {"detail": "Unbekannte Sortierung; erlaubt: aktivitaet, neu, unbeantwortet."}
    refused = client.post(f"/api/forum/threads/{locked.pk}/posts", {"body": "Noch was"}, "application/json")
    assert (refused.status_code, refused.json()) == (403, {"detail": "Dazu sind Sie nicht berechtigt."})
    client.force_login(pending_user)
    not_member = client.get("/api/forum/categories")
    assert (not_member.status_code, not_member.json()) == (
        403,
        {"detail": "Nur für freigegebene Mitglieder."},
    )
