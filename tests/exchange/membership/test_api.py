"""Membership API: the same rules as the pages, by session and by token; IDOR on every id."""

import pytest
from django.test import Client

from exchange.models import Membership
from exchange.people import services as people_services
from tests.factories import bearer_headers, member_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_partner(other_org):
    return member_create(other_org, email="partner@mettmann.example", role=Membership.Role.PARTNER_CONTACT)


def test_partner_lists_and_approves_by_token(
    client, partner, pending_user, django_capture_on_commit_callbacks
):
    auth = bearer_headers(partner)
    response = client.get("/api/memberships/pending", headers=auth)
    assert response.status_code == 200
    [item] = response.json()
    assert item["person"]["email"] == "wartend@example.org" and item["status"] == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/memberships/{item['id']}/approve", headers=auth)
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    # a second approval of the same request: no longer pending
    assert client.post(f"/api/memberships/{item['id']}/approve", headers=auth).status_code == 403


def test_reject_needs_reason_400_with_german_message(client, partner, pending_user):
    membership = pending_user.memberships.get()
    auth = bearer_headers(partner)
    response = client.post(
        f"/api/memberships/{membership.pk}/reject",
        data={"reason": " "},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Bitte geben Sie eine Begründung an."
    membership.refresh_from_db()
    assert membership.status == "pending"
    response = client.post(
        f"/api/memberships/{membership.pk}/reject", data="{", content_type="application/json", headers=auth
    )
    assert response.status_code in (400, 422)
    response = client.post(
        f"/api/memberships/{membership.pk}/reject",
        data={"reason": "Nicht zuständig."},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200 and response.json()["reason"] == "Nicht zuständig."


@pytest.mark.parametrize("action", ["approve", "reject", "role", "end"])
def test_foreign_partner_gets_404_on_every_write(client, foreign_partner, pending_user, member, action):
    auth = bearer_headers(foreign_partner)
    for target in (pending_user.memberships.get(), member.memberships.get()):
        response = client.post(
            f"/api/memberships/{target.pk}/{action}",
            data={"reason": "x", "role": "partner_contact"},
            content_type="application/json",
            headers=auth,
        )
        assert response.status_code == 404, (action, response.content)
    assert pending_user.memberships.get().status == "pending"
    assert member.memberships.get().status == "active" and member.memberships.get().role == "member"


def test_foreign_partner_reads_nothing_of_other_organisation(
    client, foreign_partner, pending_user, member, org
):
    auth = bearer_headers(foreign_partner)
    assert client.get("/api/memberships/pending", headers=auth).json() == []
    assert client.get(f"/api/memberships/organisations/{org.pk}", headers=auth).status_code == 404
    assert client.get(f"/api/memberships/{member.memberships.get().pk}", headers=auth).status_code == 404


def test_member_cannot_decide_in_own_organisation(client, member, pending_user, org):
    auth = bearer_headers(member)
    assert client.get("/api/memberships/pending", headers=auth).json() == []
    assert (
        client.post(f"/api/memberships/{pending_user.memberships.get().pk}/approve", headers=auth).status_code
        == 404
    )
    assert client.get(f"/api/memberships/organisations/{org.pk}", headers=auth).status_code == 404
    # own membership is readable
    assert client.get(f"/api/memberships/{member.memberships.get().pk}", headers=auth).status_code == 200


def test_partner_lists_own_organisation(client, partner, member, org):
    emails = {
        m["person"]["email"]
        for m in client.get(
            f"/api/memberships/organisations/{org.pk}", headers=bearer_headers(partner)
        ).json()
    }
    assert emails == {"partner@example.org", "mitglied@example.org"}


def test_pending_and_anonymous_are_refused(client, pending_user, partner):
    target = partner.memberships.get()
    assert client.get("/api/memberships/pending").status_code == 401
    assert client.post(f"/api/memberships/{target.pk}/approve").status_code == 401
    client.force_login(pending_user)
    assert client.get("/api/memberships/pending").status_code == 403


def test_session_writes_need_csrf(partner, pending_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(partner)
    response = browser.post(f"/api/memberships/{pending_user.memberships.get().pk}/approve")
    assert response.status_code in (401, 403)
    assert pending_user.memberships.get().status == "pending"


def test_editor_decides_any_organisation(client, editor, pending_user):
    response = client.post(
        f"/api/memberships/{pending_user.memberships.get().pk}/approve", headers=bearer_headers(editor)
    )
    assert response.status_code == 200


def test_leaving_by_api_ends_token_access(client, member):
    auth = bearer_headers(member)
    response = client.post(f"/api/memberships/{member.memberships.get().pk}/end", headers=auth)
    assert response.status_code == 200
    assert client.get("/api/me", headers=auth).status_code == 401


def test_deactivated_partner_token_stops(client, partner, pending_user, editor):
    auth = bearer_headers(partner)
    people_services.user_deactivate(actor=editor, user=partner)
    assert client.get("/api/memberships/pending", headers=auth).status_code == 401


def test_openapi_lists_membership_endpoints(client):
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert {"/api/memberships/pending", "/api/memberships/{membership_id}/approve"} <= paths
