"""/api/saved-searches: the token owner's own saved searches, with the pages' checks."""

from __future__ import annotations

import pytest

from exchange.models import SavedSearch
from tests.factories import bearer_headers, member_create

pytestmark = pytest.mark.django_db


def test_create_list_update_delete(client, member):
    headers = bearer_headers(member)
    payload = {
        "name": "Hausverbot",
        "query": "Hausverbot",
        "filters": {"phase": ["Vorsorge"]},
        "frequency": "daily",
    }
    created = client.post("/api/saved-searches", payload, content_type="application/json", headers=headers)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["filters"] == {"phase": ["Vorsorge"]}
    assert body["search_url"] == "/suche/?q=Hausverbot&phase=Vorsorge"

    assert [s["name"] for s in client.get("/api/saved-searches", headers=headers).json()] == ["Hausverbot"]
    patched = client.patch(
        f"/api/saved-searches/{body['id']}",
        {"frequency": "none"},
        content_type="application/json",
        headers=headers,
    )
    assert patched.status_code == 200 and patched.json()["frequency"] == "none"
    assert client.delete(f"/api/saved-searches/{body['id']}", headers=headers).status_code == 204
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"name": "A", "query": "Hausverbot", "filters": {"farbe": ["rot"]}}, "Unbekannter Filter"),
        ({"name": "A", "query": "Hausverbot", "filters": {"type": ["foo"]}}, "Unbekannter Wert"),
        ({"name": "A", "query": "Hausverbot", "frequency": "stündlich"}, "täglich"),
        ({"name": "A", "query": ""}, "Suchbegriffe"),
        ({"name": "A", "query": "Hausverbot", "filters": {"phase": ["Vor\u0000sorge"]}}, "Steuerzeichen"),
    ],
)
def test_bad_input_is_a_german_400_and_nothing_is_saved(client, member, payload, message):
    response = client.post(
        "/api/saved-searches", payload, content_type="application/json", headers=bearer_headers(member)
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not SavedSearch.objects.exists()


def test_only_the_owner_and_only_members(client, member, org, pending_user):
    other = member_create(org, email="andere@example.org")
    mine = client.post(
        "/api/saved-searches",
        {"name": "Meins", "query": "Bodycam"},
        content_type="application/json",
        headers=bearer_headers(member),
    ).json()
    headers = bearer_headers(other)
    assert client.get("/api/saved-searches", headers=headers).json() == []
    patch = client.patch(
        f"/api/saved-searches/{mine['id']}", {"name": "X"}, content_type="application/json", headers=headers
    )
    assert patch.status_code == 404
    assert client.delete(f"/api/saved-searches/{mine['id']}", headers=headers).status_code == 404
    assert client.get("/api/saved-searches", headers=bearer_headers(pending_user)).status_code == 403
    assert client.get("/api/saved-searches").status_code == 401
