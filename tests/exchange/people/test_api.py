"""The people endpoints of the API: /me with session and personal-token authentication, profiles."""

import pytest
from django.core.management import call_command
from wagtail.models import APIToken

from exchange.models import User
from tests.factories import bearer_headers, member_create

pytestmark = pytest.mark.django_db


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


def test_people_endpoint_respects_visibility(client, member, other_org):
    stranger = member_create(other_org, email="fremd@mettmann.example")
    auth = bearer_headers(member)
    assert client.get(f"/api/people/{stranger.pk}", headers=auth).status_code == 404
    stranger.profile_visibility = User.Visibility.MEMBERS
    stranger.save()
    body = client.get(f"/api/people/{stranger.pk}", headers=auth).json()
    assert body["organisations"] == ["Kreis Mettmann"]
    assert client.get("/api/people/999999", headers=auth).status_code == 404
