"""Guide chapters in the search: a third kind ("Leitfaden") behind the same permission filter.

A members-only chapter never reaches an anonymous visitor: not as a hit, a snippet, a facet count,
a correction or an autocompletion.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from exchange.access import viewer_for
from search import drain, queries
from search.facets import SearchParams
from search.models import OutboxEntry
from search.suggest import autocomplete
from tests.factories import chapter_publish, guide_index_ensure, practice_classify, practice_publish

pytestmark = pytest.mark.django_db

ANONYMOUS = viewer_for(AnonymousUser())
CHECKLIST = ("checklist", {"title": "", "items": ["Notrufknopf an jedem Beratungsplatz prüfen"]})


def facet_counts(results, name):
    facet = next(f for f in results.facets if f.name == name)
    return {v.value: v.count for v in facet.values}


@pytest.fixture
def guide(site_tree, practice_index, org):
    index = guide_index_ensure(site_tree[0])
    public = chapter_publish(
        index, title="Notrufknopf und Alarmierung", audience="public", body=[CHECKLIST], phases=["Vorsorge"]
    )
    secret = chapter_publish(
        index,
        title="Zaunkönig-Alarmkette im Notfall",
        audience="members",
        body=[("text", "<p>Der Notrufknopf löst die Zaunkönig-Kette aus.</p>")],
        phases=["Handling"],
    )
    practice = practice_publish(
        practice_index, title="Notrufknopf im Bürgerbüro", organisation=org, audience="public"
    )
    practice_classify(practice, phases=["Vorsorge"])
    drain.outbox_drain(refresh=True)
    return {"public": public, "secret": secret}


def test_publishing_records_the_chapter_in_the_outbox(guide):
    chapter = guide["public"]
    assert OutboxEntry.objects.filter(kind="guide", object_id=chapter.pk).exists()
    chapter.unpublish()
    assert OutboxEntry.objects.filter(kind="guide", object_id=chapter.pk, processed_at__isnull=True).exists()
    drain.outbox_drain(refresh=True)
    assert [h.title for h in queries.search(ANONYMOUS, "Notrufknopf").hits if h.type == "guide"] == []


def test_a_chapter_is_found_by_its_checklist_with_its_own_type(guide, member):
    results = queries.search(viewer_for(member), "Beratungsplatz")
    assert [(h.type, h.title) for h in results.hits] == [("guide", "Notrufknopf und Alarmierung")]
    assert results.hits[0].url == guide["public"].url
    types = facet_counts(queries.search(viewer_for(member), "Notrufknopf"), "type")
    assert types == {"guide": 2, "practice": 1}
    only_guide = SearchParams(query="Notrufknopf", filters=(("type", ("guide",)),))
    assert {h.type for h in queries.search(viewer_for(member), params=only_guide).hits} == {"guide"}


def test_a_members_only_chapter_never_reaches_anonymous_visitors(guide, member):
    results = queries.search(ANONYMOUS, "Notrufknopf")
    assert [h.title for h in results.hits if h.type == "guide"] == ["Notrufknopf und Alarmierung"]
    assert all("Zaunkönig" not in h.snippet and "Zaunkönig" not in h.title for h in results.hits)
    assert facet_counts(results, "type") == {"guide": 1, "practice": 1}
    assert facet_counts(results, "phase") == {"Vorsorge": 2}  # not "Handling" of the hidden chapter
    assert queries.search(ANONYMOUS, "Zaunkönig").count == 0
    assert queries.search(ANONYMOUS, "Zaunkönik").suggestion is None
    assert autocomplete(ANONYMOUS, "Zaunk") == []
    # members see it everywhere
    assert queries.search(viewer_for(member), "Zaunkönig").count == 1
    assert queries.search(viewer_for(member), "Zaunkönik").suggestion == "Zaunkönig"
    assert [c.title for c in autocomplete(viewer_for(member), "Zaunk")] == ["Zaunkönig-Alarmkette im Notfall"]


def test_the_search_page_labels_chapters(client, guide, member):
    client.force_login(member)
    html = client.get("/suche/", {"q": "Beratungsplatz"}).content.decode()
    assert '<p class="type">Leitfaden' in html
    assert "Notrufknopf und Alarmierung" in html
