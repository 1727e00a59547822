"""/api/practices: read-only, the pages' visibility per role, the search facets as filters, paging,
and a partner contact's own drafts (the latest revision)."""

from __future__ import annotations

import pytest

from exchange.models import Membership
from tests.factories import bearer_headers, member_create, practice_classify, practice_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(practice_index, org, other_org, working_group):
    public = practice_publish(practice_index, title="Schulkennzeichnung", organisation=org, audience="public")
    practice_classify(public, phases=["Vorsorge"], measure_types=["baulich-technisch"])
    members = practice_publish(practice_index, title="Hausverbot im Jobcenter", organisation=other_org)
    practice_classify(members, phases=["Handling"], measure_types=["organisatorisch"])
    group = practice_publish(
        practice_index, title="Meldesystem AG", organisation=org, audience="groups", groups=[working_group]
    )
    return {"public": public, "members": members, "group": group}


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {p["title"] for p in response.json()["results"]}


def test_anonymous_callers_read_public_practices_only(client, practices):
    assert _titles(client.get("/api/practices")) == {"Schulkennzeichnung"}
    assert client.get(f"/api/practices/{practices['public'].pk}").status_code == 200
    refused = client.get(f"/api/practices/{practices['members'].pk}")
    assert refused.status_code == 404 and refused.json() == {"detail": "Praxisbeispiel nicht gefunden."}
    assert client.get("/api/practices", headers={"Authorization": "Bearer falsch"}).status_code == 401


def test_visibility_per_role_is_the_pages_visibility(
    client, practices, member, group_member, pending_user, editor
):
    all_three = {"Schulkennzeichnung", "Hausverbot im Jobcenter", "Meldesystem AG"}
    for user, expected in [
        (pending_user, {"Schulkennzeichnung"}),
        (member, {"Schulkennzeichnung", "Hausverbot im Jobcenter"}),
        (group_member, all_three),
        (editor, all_three),
    ]:
        listed = _titles(client.get("/api/practices", headers=bearer_headers(user)))
        assert listed == expected, user.email
        for key, page in practices.items():
            detail = client.get(f"/api/practices/{page.pk}", headers=bearer_headers(user))
            assert detail.status_code == (200 if page.title in expected else 404), (user.email, key)
            if user == editor:
                continue  # editors' sessions need the second factor first; the rule is Viewer.is_editor
            # the page itself answers the same person the same way
            client.force_login(user)
            assert (client.get(page.url).status_code == 200) == (page.title in expected)
            client.logout()


def test_filters_are_the_search_facets_and_pages(client, practices, member):
    headers = bearer_headers(member)
    assert _titles(client.get("/api/practices", {"phase": "Vorsorge"}, headers=headers)) == {
        "Schulkennzeichnung"
    }
    both = client.get("/api/practices", {"phase": ["Vorsorge", "Handling"]}, headers=headers)
    assert _titles(both) == {"Schulkennzeichnung", "Hausverbot im Jobcenter"}
    narrowed = {"phase": ["Vorsorge", "Handling"], "measure_type": "organisatorisch"}
    assert _titles(client.get("/api/practices", narrowed, headers=headers)) == {"Hausverbot im Jobcenter"}
    assert _titles(client.get("/api/practices", {"organisation": "Kreis Mettmann"}, headers=headers)) == {
        "Hausverbot im Jobcenter"
    }
    first = client.get("/api/practices", {"page_size": 1}, headers=headers).json()
    second = client.get("/api/practices", {"page_size": 1, "page": 2}, headers=headers).json()
    assert first["count"] == second["count"] == 2
    assert {first["results"][0]["title"], second["results"][0]["title"]} == {
        "Schulkennzeichnung",
        "Hausverbot im Jobcenter",
    }
    bad = client.get("/api/practices", {"region": "Bayern"}, headers=headers)
    assert bad.status_code == 400 and "Unbekannter Wert" in bad.json()["detail"]
    assert client.get("/api/practices", {"page_size": 1000}, headers=headers).status_code == 400


def test_detail_carries_taxonomy_and_transfer_fields(client, practices):
    body = client.get(f"/api/practices/{practices['public'].pk}").json()
    assert body["phases"] == ["Vorsorge"]
    assert body["organisation"]["name"] == "Stadt Bonn"
    assert body["url"].endswith(practices["public"].url)
    assert {"costs", "contact_email", "body"} <= set(body)


def test_a_partner_contact_reads_the_own_drafts_and_no_one_elses(client, practices, org, partner, member):
    own = practices["group"]  # led by the partner's organisation, not visible to them as a member
    own.title = "Meldesystem AG (überarbeitet)"
    own.save_revision()  # saved, not published
    other = practices["members"]
    headers = bearer_headers(partner)

    listed = client.get("/api/practices/drafts", headers=headers)
    assert listed.status_code == 200
    titles = {p["title"] for p in listed.json()["results"]}
    assert titles == {"Schulkennzeichnung", "Meldesystem AG (überarbeitet)"}
    draft = client.get(f"/api/practices/drafts/{own.pk}", headers=headers).json()
    assert draft["title"] == "Meldesystem AG (überarbeitet)" and draft["has_unpublished_changes"] is True
    assert client.get(f"/api/practices/drafts/{other.pk}", headers=headers).status_code == 404
    # the published list still shows what everyone sees
    assert client.get(f"/api/practices/{own.pk}", headers=headers).status_code == 404

    assert client.get("/api/practices/drafts", headers=bearer_headers(member)).status_code == 403
    assert client.get("/api/practices/drafts").status_code == 403
    colleague = member_create(org, email="kollegin@example.org", role=Membership.Role.MEMBER)
    assert client.get(f"/api/practices/drafts/{own.pk}", headers=bearer_headers(colleague)).status_code == 403
