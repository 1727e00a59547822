"""GET /api/search and /api/search/autocomplete: shape, members only, 400 and 503 with a message."""

from __future__ import annotations

import pytest

from search import client as search_client
from search import drain
from tests.factories import practice_classify, practice_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(practice_index, org, working_group):
    page = practice_publish(
        practice_index,
        title="Notrufknopf im Bürgerbüro",
        organisation=org,
        summary="Ein stiller Alarm am Arbeitsplatz.",
    )
    practice_classify(page, phases=["Handling"], measure_types=["baulich-technisch"])
    practice_publish(
        practice_index,
        title="Notrufknopf der Arbeitsgruppe",
        organisation=org,
        audience="groups",
        groups=[working_group],
        summary="Nur für die AG.",
    )
    drain.outbox_drain(refresh=True)
    return page


def test_search_returns_exactly_the_documented_shape(indexed, member, client):
    client.force_login(member)
    response = client.get("/api/search", {"q": "Notrufknopf"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "results", "facets", "suggestion", "results_for"}
    assert body["count"] == 1
    (hit,) = body["results"]
    assert set(hit) == {"type", "id", "title", "url", "snippet", "organisation", "date", "score"} | {
        "post_id",
        "author",
        "matching_posts",
    }
    assert hit["post_id"] is None and hit["author"] == "" and hit["matching_posts"] == 1
    assert hit["type"] == "practice" and hit["id"] == indexed.pk
    assert hit["title"] == "Notrufknopf im Bürgerbüro" and hit["organisation"] == "Stadt Bonn"
    assert hit["url"] == indexed.url and hit["score"] > 0 and hit["date"]
    assert set(body["facets"]) == {
        "type",
        "target_group",
        "professional_field",
        "phase",
        "measure_type",
        "incident_type",
        "organisation",
        "region",
        "year",
    }
    assert body["facets"]["phase"] == [{"value": "Handling", "count": 1}]
    assert body["suggestion"] is None and body["results_for"] is None
    assert "Arbeitsgruppe" not in response.content.decode()


def test_a_certain_correction_answers_for_the_corrected_query(indexed, member, group_member, client):
    client.force_login(member)
    body = client.get("/api/search", {"q": "Notrufknpf"}).json()
    assert body["results_for"] == body["suggestion"] == "Notrufknopf"
    assert [r["title"] for r in body["results"]] == ["Notrufknopf im Bürgerbüro"]
    as_typed = client.get("/api/search", {"q": "Notrufknpf", "autocorrect": "0"}).json()
    assert as_typed["results_for"] is None and as_typed["suggestion"] == "Notrufknopf"
    assert [r["title"] for r in as_typed["results"]] == ["Notrufknopf im Bürgerbüro"]  # typo-tolerant
    refused = client.get("/api/search", {"q": "Notrufknpf", "autocorrect": "vielleicht"})
    assert refused.status_code == 400 and "autocorrect" in refused.json()["detail"]


def test_filters_sort_and_the_group_members_view(indexed, group_member, client):
    client.force_login(group_member)
    both = client.get("/api/search", {"q": "Notrufknopf", "sort": "date"}).json()
    assert both["count"] == 2
    only = client.get("/api/search", {"q": "Notrufknopf", "phase": "Handling"}).json()
    assert [r["title"] for r in only["results"]] == ["Notrufknopf im Bürgerbüro"]
    assert only["facets"]["phase"] == [{"value": "Handling", "count": 1}]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Notruf", "type": "foo"},
        {"q": "Notruf", "page": "0"},
        {"q": "Notruf", "page": "zwei"},
        {"q": "x" * 201},
        {"q": "Notruf", "cursor": "nicht-signiert"},
        {"q": "Notruf", "sort": "beliebt"},
        {"q": "Notruf", "year": "letztes"},
        {"q": "Notruf", "region": "Bayern"},
    ],
)
def test_invalid_parameters_get_400_with_a_message(indexed, member, client, params):
    client.force_login(member)
    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_members_only(indexed, client, pending_user):
    assert client.get("/api/search", {"q": "Notruf"}).status_code == 401
    assert client.get("/api/search/autocomplete", {"q": "Notruf"}).status_code == 401
    client.force_login(pending_user)
    assert client.get("/api/search", {"q": "Notruf"}).status_code == 403
    assert client.get("/api/search/autocomplete", {"q": "Notruf"}).status_code == 403


def test_search_down_is_a_503_with_a_message(member, client, settings):
    settings.SEARCH = {**settings.SEARCH, "URL": "http://127.0.0.1:9"}
    search_client.reset()
    client.force_login(member)
    for url in ("/api/search", "/api/search/autocomplete"):
        response = client.get(url, {"q": "Notruf"})
        assert response.status_code == 503
        assert "nicht verfügbar" in response.json()["detail"]


def test_autocomplete(indexed, member, group_member, client):
    client.force_login(member)
    body = client.get("/api/search/autocomplete", {"q": "Notr"}).json()
    assert body == {
        "results": [
            {"type": "practice", "id": indexed.pk, "title": "Notrufknopf im Bürgerbüro", "url": indexed.url}
        ]
    }
    assert client.get("/api/search/autocomplete", {"q": "x" * 201}).status_code == 400
    client.force_login(group_member)
    titles = [r["title"] for r in client.get("/api/search/autocomplete", {"q": "Notr"}).json()["results"]]
    assert sorted(titles) == ["Notrufknopf der Arbeitsgruppe", "Notrufknopf im Bürgerbüro"]


def test_documented_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    search = schema["paths"]["/api/search"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert {"q", "type", "page", "sort", "cursor", "phase", "organisation", "region", "year"} <= names
    assert {"200", "400", "401", "403", "503"} <= set(search["responses"])
    assert "/api/search/autocomplete" in schema["paths"]
