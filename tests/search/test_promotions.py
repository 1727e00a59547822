"""Editors' promotions: first for matching queries, only for viewers who may see the practice."""

import datetime

import pytest
from django.utils import timezone

from exchange.access import viewer_for
from search import drain, queries
from search.models import Promotion
from search.promotions import promotions_for
from tests.factories import practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa_required")]


@pytest.fixture
def no_mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def corpus(practice_index, org, working_group):
    pages = {
        "top": practice_publish(
            practice_index, title="Hausverbot im Jobcenter", organisation=org, summary="Hausverbot " * 5
        ),
        "other": practice_publish(practice_index, title="Hausverbot durchsetzen", organisation=org),
        "promoted": practice_publish(
            practice_index, title="Leitfaden Zutrittsregeln", organisation=org, summary="Ablauf am Empfang."
        ),
        "restricted": practice_publish(
            practice_index,
            title="AG-Leitfaden Zutritt",
            organisation=org,
            audience="groups",
            groups=[working_group],
            summary="Vertraulich.",
        ),
    }
    drain.outbox_drain(refresh=True)
    return pages


def ids(user, q, page=1):
    return [(h.id, h.promoted) for h in queries.search(viewer_for(user), q, page=page).hits]


def test_promoted_practice_comes_first_for_matching_queries(corpus, member):
    Promotion.objects.create(queries="Hausverbot, Zutritt verweigern", page=corpus["promoted"])
    for q in ("Hausverbot", "hausverbote", "  HAUSVERBOT ", "Zutritt verweigern"):
        assert ids(member, q)[0] == (corpus["promoted"].pk, True), q
    found = ids(member, "Hausverbot")
    assert (corpus["top"].pk, False) in found and len(found) == 3
    assert all(not promoted for _, promoted in ids(member, "Jobcenter"))  # other query: no promotion


def test_a_promotion_never_shows_what_the_viewer_may_not_see(corpus, member, group_member, client):
    Promotion.objects.create(queries="Hausverbot", page=corpus["restricted"])
    assert corpus["restricted"].pk not in [pk for pk, _ in ids(member, "Hausverbot")]
    assert promotions_for(viewer_for(member), "Hausverbot") == []
    assert ids(group_member, "Hausverbot")[0] == (corpus["restricted"].pk, True)
    client.force_login(member)
    html = client.get("/suche/", {"q": "Hausverbot"}).content.decode()
    assert "AG-Leitfaden" not in html and "Empfehlung der Redaktion" not in html


def test_dates_activity_and_live_state(corpus, member):
    today = timezone.localdate()
    promotion = Promotion.objects.create(
        queries="Hausverbot", page=corpus["promoted"], starts_on=today + datetime.timedelta(days=1)
    )
    assert promotions_for(viewer_for(member), "Hausverbot") == []
    promotion.starts_on, promotion.ends_on = today - datetime.timedelta(days=5), today
    promotion.save()
    assert len(promotions_for(viewer_for(member), "Hausverbot")) == 1
    assert promotions_for(viewer_for(member), "Hausverbot", today=today + datetime.timedelta(days=1)) == []
    promotion.is_active = False
    promotion.save()
    assert promotions_for(viewer_for(member), "Hausverbot") == []
    promotion.is_active = True
    promotion.save()
    corpus["promoted"].unpublish()
    assert promotions_for(viewer_for(member), "Hausverbot") == []


def test_only_on_the_first_page_and_not_twice(corpus, member):
    Promotion.objects.create(queries="Hausverbot", page=corpus["top"])
    found = ids(member, "Hausverbot")
    assert found[0] == (corpus["top"].pk, True)
    assert [pk for pk, _ in found].count(corpus["top"].pk) == 1
    hit = queries.search(viewer_for(member), "Hausverbot").hits[0]
    assert "<mark>" in hit.snippet  # the search's highlighted snippet is kept
    assert ids(member, "Hausverbot", page=2) == []


def test_editors_manage_promotions_in_the_admin(client, editor, corpus):
    client.force_login(editor)
    assert client.get("/cms/snippets/search/promotion/").status_code == 200
    response = client.post(
        "/cms/snippets/search/promotion/add/",
        {"queries": "Hausverbot", "page": corpus["promoted"].pk, "position": 0, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Promotion.objects.get().page_id == corpus["promoted"].pk
    invalid = client.post(
        "/cms/snippets/search/promotion/add/",
        {
            "queries": "Notruf",
            "page": corpus["promoted"].pk,
            "position": 0,
            "starts_on": "2026-05-02",
            "ends_on": "2026-05-01",
        },
    )
    assert invalid.status_code == 200 and Promotion.objects.count() == 1
