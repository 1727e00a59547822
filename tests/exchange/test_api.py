"""The JSON API: health, /me, session and personal-token authentication, OpenAPI document."""

import pytest
from django.core.management import call_command
from wagtail.models import APIToken

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


def test_me_requires_authentication(client):
    response = client.get("/api/me")
    assert response.status_code == 401


def test_me_with_session(client, member):
    client.force_login(member)
    body = client.get("/api/me").json()
    assert body["email"] == "mitglied@example.org"
    assert body["is_member"] is True
    assert body["memberships"] == [
        {
            "organisation_id": member.memberships.get().organisation_id,
            "organisation": "Stadt Bonn",
            "role": "member",
            "status": "active",
        }
    ]


def test_me_with_token_from_command(client, member, capsys):
    call_command("api_token", "MITGLIED@example.org")
    token = capsys.readouterr().out.strip()
    assert APIToken.validate_token_format(token)
    response = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["email"] == "mitglied@example.org"


def test_revoked_token_and_deactivated_user_are_refused(client, member):
    token, plaintext = APIToken.create_token(user=member, name="Test")
    auth = {"Authorization": f"Bearer {plaintext}"}
    assert client.get("/api/me", headers=auth).status_code == 200
    member.is_active = False
    member.save()
    assert client.get("/api/me", headers=auth).status_code == 401
    member.is_active = True
    member.save()
    token.revoke()
    assert client.get("/api/me", headers=auth).status_code == 401


def test_bad_token_is_refused(client, member):
    assert client.get("/api/me", headers={"Authorization": "Bearer wagtail_nonsense"}).status_code == 401


def test_deactivated_session_stops_on_next_request(client, member):
    client.force_login(member)
    assert client.get("/mitgliederbereich/").status_code == 200
    member.is_active = False
    member.save()
    assert client.get("/mitgliederbereich/").status_code == 302
    assert client.get("/api/me").status_code == 401


def test_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/health", "/api/me"} <= set(schema["paths"])
    assert schema["info"]["title"].startswith("#sicherimDienst")
